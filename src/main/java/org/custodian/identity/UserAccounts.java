package org.custodian.identity;

import java.util.UUID;

import org.custodian.privacy.PersonName;

/** Creates accounts for other modules (school registration, first start, demo data). */
public interface UserAccounts {

    /** A new account with a generated one-time password that must be changed at first sign-in. */
    NewAccount create(UUID schoolId, String username, PersonName displayName, Role role);

    boolean usernameTaken(String username);

    boolean anyPlatformAdmin();

    /** A new display name (stored encrypted like the old one). */
    void rename(UUID userId, PersonName displayName);

    record NewAccount(UUID id, String username, OneTimePassword oneTimePassword) {

        @Override
        public String toString() {
            return "NewAccount[id=" + id + "]";
        }
    }

    /** Sign-in names of the platform admins (operators' alerts go to those that are email addresses). */
    java.util.List<String> platformAdminUsernames();

    /** The enabled support engineers (id → name, by name), whom a school may name on its consent to support. */
    java.util.Map<UUID, String> supportEngineers();
}
