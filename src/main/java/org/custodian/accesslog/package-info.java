/**
 * The access log: one entry per access to pupil and staff records, appended in the caller's
 * transaction, append-only in the database, and integrated into a per-school Merkle tree whose
 * signed checkpoints make tampering detectable, by the server
 * ({@link org.custodian.accesslog.AccessLogVerifier}) and offline
 * ({@link org.custodian.accesslog.OfflineAccessLogVerifier}). Entries hold ids and codes only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access log")
package org.custodian.accesslog;
