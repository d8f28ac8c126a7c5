/**
 * Pupil records. So far only a minimal list behind the agreement gate; the pupil-records issue
 * adds the encrypted, purpose-bound record itself.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Pupils")
package org.custodian.pupils;
