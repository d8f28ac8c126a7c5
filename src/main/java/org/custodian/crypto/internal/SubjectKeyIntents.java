package org.custodian.crypto.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The data side's record that a subject's key was created ({@code subject_key_intent}), written in
 * the transaction that creates the subject: it commits with the subject or not at all, which is how
 * the orphan sweep tells a real key from one whose subject never came to be.
 */
@Component
class SubjectKeyIntents {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;

    SubjectKeyIntents(JdbcClient jdbc, Tenancy tenancy) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
    }

    /** In the caller's transaction of the data, if one is under way. */
    void record(UUID schoolId, List<UUID> subjectIds, Instant at) {
        tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        insert into subject_key_intent (school_id, subject_id, created_at)
                        select ?, id, ? from unnest(?::uuid[]) as id on conflict do nothing""")
                .params(schoolId, Timestamp.from(at), subjectIds.toArray(UUID[]::new)).update());
    }

    /** Which of the subjects have a committed intent. */
    Set<UUID> present(UUID schoolId, List<UUID> subjectIds) {
        return tenancy.inSchool(schoolId, () -> new HashSet<>(jdbc.sql(
                        "select subject_id from subject_key_intent where school_id = ? and subject_id = any (?)")
                .params(schoolId, subjectIds.toArray(UUID[]::new)).query(UUID.class).list()));
    }

    /** Schools with intents older than the time (the sweep deletes them). */
    List<UUID> schoolsWithIntentsBefore(Instant before) {
        return tenancy.asPlatform(() -> jdbc.sql("select distinct school_id from subject_key_intent where created_at < ?")
                .param(Timestamp.from(before)).query(UUID.class).list());
    }

    /** Deletes the subjects' intents and every intent older than the time: their keys are settled. */
    int forget(UUID schoolId, List<UUID> subjectIds, Instant before) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql(
                        "delete from subject_key_intent where school_id = ? and (subject_id = any (?) or created_at < ?)")
                .params(schoolId, subjectIds.toArray(UUID[]::new), Timestamp.from(before)).update());
    }
}
