package org.custodian.transparency.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of sub_processor_change and sub_processor_notice. */
@Repository
class SubProcessorStore {

    private final JdbcClient jdbc;

    SubProcessorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One recorded change to the register. */
    @org.custodian.privacy.NoPersonalData("a company that processes data for the platform, and its safeguards")
    record Change(UUID id, String key, Kind kind, String name, String purpose, String dataCategories, String country,
                  String transferSafeguard, LocalDate addedOn, LocalDate effectiveOn, UUID recordedBy,
                  Instant recordedAt) {
    }

    enum Kind {
        ADDED, CHANGED, REMOVED
    }

    void insert(Change change) {
        jdbc.sql("""
                        insert into sub_processor_change (id, sub_processor, kind, name, purpose, data_categories, country,
                               transfer_safeguard, added_on, effective_on, recorded_by, recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(change.id(), change.key(), change.kind().name(), change.name(), change.purpose(),
                        change.dataCategories(), change.country(), change.transferSafeguard(),
                        Date.valueOf(change.addedOn()), Date.valueOf(change.effectiveOn()), change.recordedBy(),
                        Timestamp.from(change.recordedAt()))
                .update();
    }

    /** Every change, oldest effective first (recording order breaks ties). */
    List<Change> all() {
        return jdbc.sql("select * from sub_processor_change order by effective_on, recorded_at, id")
                .query((rs, n) -> change(rs)).list();
    }

    /** The newest change recorded for a sub-processor, whatever its effective date. */
    Optional<Change> latest(String key) {
        return jdbc.sql("""
                        select * from sub_processor_change where sub_processor = ?
                         order by effective_on desc, recorded_at desc, id desc limit 1""")
                .param(key).query((rs, n) -> change(rs)).optional();
    }

    /** Changes not yet in effect on the day given. */
    List<Change> takingEffectAfter(LocalDate day) {
        return jdbc.sql("select * from sub_processor_change where effective_on > ? order by effective_on, recorded_at, id")
                .param(Date.valueOf(day)).query((rs, n) -> change(rs)).list();
    }

    /** Call inside the school's scope: whether the change was claimed now (false if told before). */
    boolean claimNotice(UUID schoolId, UUID changeId, Instant now) {
        return jdbc.sql("""
                        insert into sub_processor_notice (school_id, change_id, sent_at) values (?, ?, ?)
                        on conflict do nothing""")
                .params(schoolId, changeId, Timestamp.from(now)).update() == 1;
    }

    /** Call inside the school's scope: the changes the school has been told of. */
    List<UUID> noticed(UUID schoolId) {
        return jdbc.sql("select change_id from sub_processor_notice where school_id = ? order by sent_at, change_id")
                .param(schoolId).query(UUID.class).list();
    }

    /** Call inside the school's scope: a per-school advisory try-lock for this transaction. */
    boolean tryLock(UUID schoolId) {
        return jdbc.sql("select pg_try_advisory_xact_lock(hashtextextended('sub_processor_notice:' || ?, 0))")
                .param(schoolId.toString()).query(Boolean.class).single();
    }

    private static Change change(ResultSet rs) throws SQLException {
        return new Change(rs.getObject("id", UUID.class), rs.getString("sub_processor"), Kind.valueOf(rs.getString("kind")),
                rs.getString("name"), rs.getString("purpose"), rs.getString("data_categories"), rs.getString("country"),
                rs.getString("transfer_safeguard"), rs.getDate("added_on").toLocalDate(),
                rs.getDate("effective_on").toLocalDate(), rs.getObject("recorded_by", UUID.class),
                rs.getTimestamp("recorded_at").toInstant());
    }
}
