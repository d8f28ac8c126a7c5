/**
 * The breach register: incidents with their 72-hour clock, an encrypted append-only timeline of
 * every decision, scopes computed from the access log (what an account, session or API token saw),
 * notices to each affected school with their acknowledgements, and a draft ICO report per school.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Breaches")
package org.custodian.breaches;
