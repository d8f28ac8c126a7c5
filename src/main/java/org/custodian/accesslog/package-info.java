/**
 * The access log: one entry per access to pupil records, appended in the caller's transaction,
 * append-only in the database and hash-chained per school so that tampering is detectable
 * ({@link org.custodian.accesslog.AccessLogVerifier}). Entries hold ids and codes only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access log")
package org.custodian.accesslog;
