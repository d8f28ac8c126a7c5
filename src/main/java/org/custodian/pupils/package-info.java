/**
 * Pupil records: encrypted per pupil, reached only through {@link org.custodian.pupils.PupilRecords},
 * which checks the purpose (from the {@link org.custodian.pupils.ProcessingRegister}) and reason of
 * every access, passes the sharing-agreement gate and logs the access in the same transaction. Also
 * the school's optional-category opt-in and its classes with their staff.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Pupils")
package org.custodian.pupils;
