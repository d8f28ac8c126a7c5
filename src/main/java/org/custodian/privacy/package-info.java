/**
 * Value types for personal data. Each is marked {@link org.custodian.privacy.PersonalData} and
 * never shows its value in {@code toString()}, so it cannot leak into a log line or exception
 * message by accident ({@code PersonalDataToStringTests} checks every marked type).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Privacy", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.custodian.privacy;
