/**
 * Schools (the tenants and data controllers): registration, the subscription lifecycle and the
 * Information Sharing Agreement. {@link org.custodian.schools.PupilDataGate} is the one guard that
 * every pupil-data operation of every module calls before it touches pupil data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Schools")
package org.custodian.schools;
