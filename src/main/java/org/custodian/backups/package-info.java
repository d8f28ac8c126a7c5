/**
 * Encrypted backups: the data database streamed table by table ({@code COPY … (FORMAT binary)}) in
 * one snapshot, each file under a backup keyset the master key wraps, with a signed manifest written
 * last; the key tables in a stream of their own; destinations, retention, history and verification.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Backups")
package org.custodian.backups;
