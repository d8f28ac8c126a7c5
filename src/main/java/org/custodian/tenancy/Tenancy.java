package org.custodian.tenancy;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs work in a transaction scoped to one school, or to the platform (rows of every school, only
 * on the tables whose policies allow platform scope: never pupil data).
 */
public interface Tenancy {

    <T> T inSchool(UUID schoolId, Supplier<T> work);

    default void inSchool(UUID schoolId, Runnable work) {
        inSchool(schoolId, () -> {
            work.run();
            return null;
        });
    }

    <T> T asPlatform(Supplier<T> work);

    default void asPlatform(Runnable work) {
        asPlatform(() -> {
            work.run();
            return null;
        });
    }

    /** The school the current thread acts for: an explicit scope first, else the signed-in user's school. */
    Optional<UUID> currentSchool();
}
