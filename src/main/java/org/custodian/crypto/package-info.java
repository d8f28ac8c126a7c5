/**
 * All cryptography, through Google Tink: the master key; per school an AEAD keyset (wraps data
 * keys, rotatable) and a PRF keyset (blind indexes), both wrapped by the master key; per subject
 * (pupil or staff member) a data key wrapped by the school keyset ({@link org.custodian.crypto.SubjectKeys},
 * {@link org.custodian.crypto.FieldCipher}, {@link org.custodian.crypto.BlindIndex}). School keysets,
 * subject keys and the erasure ledger live in the key store, a database of their own apart from the
 * data ({@link org.custodian.crypto.KeyStoreSnapshot} copies it for key backups); see docs/keys.md.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Crypto")
package org.custodian.crypto;
