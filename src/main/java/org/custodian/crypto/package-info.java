/**
 * All cryptography, through Google Tink. So far: the master key that will wrap every school's
 * keyset (the pupil-records issue adds school keysets, per-subject data keys and blind indexes).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Crypto")
package org.custodian.crypto;
