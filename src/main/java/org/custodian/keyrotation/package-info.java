/**
 * Rotation of each school's key-wrapping keyset without downtime: a platform admin (or an operator
 * script) adds a new primary key; new data keys are wrapped with it at once, existing ones keep
 * decrypting, and a background re-wrap moves every subject's data key onto the new primary.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Key rotation")
package org.custodian.keyrotation;
