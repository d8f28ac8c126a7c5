/**
 * Retention as code: every kind of stored record belongs to one retention category with a trigger
 * and a period; operators set the limits, each school chooses within them, and every change is kept.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Retention")
package org.custodian.retention;
