/**
 * Processor records and transparency: the sub-processor register (changes announced to every school
 * before they take effect), the record of processing as CSV and PDF, the data-location statement,
 * each school's live transparency answers (page and JSON) drawn from the running system, and the
 * cookie page.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Transparency")
package org.custodian.transparency;
