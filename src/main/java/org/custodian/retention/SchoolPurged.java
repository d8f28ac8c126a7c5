package org.custodian.retention;

import java.util.UUID;

/**
 * Published when a school's purge has deleted its data (id only): the deletion certificate is made
 * from {@link SchoolPurges#report} and sent to the school's main contact.
 */
public record SchoolPurged(UUID schoolId) {
}
