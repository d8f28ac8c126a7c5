/**
 * All cryptography, through Google Tink: the master key; per school an AEAD keyset (wraps data
 * keys, rotatable) and a PRF keyset (blind indexes), both wrapped by the master key; per subject
 * (pupil or staff member) a data key wrapped by the school keyset ({@link org.custodian.crypto.SubjectKeys},
 * {@link org.custodian.crypto.FieldCipher}, {@link org.custodian.crypto.BlindIndex}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Crypto")
package org.custodian.crypto;
