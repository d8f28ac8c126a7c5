package org.custodian.marketing.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of marketing_opt_in (inside a school's scope) and marketing_suppression (platform-wide). */
@Repository
class MarketingStore {

    private final JdbcClient jdbc;

    MarketingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record OptIn(UUID schoolId, UUID id, UUID userId, byte[] addressIndex, String wording, Instant optedInAt,
                 Instant lastInteractionAt) {
    }

    Optional<OptIn> live(UUID schoolId, UUID userId) {
        return jdbc.sql("""
                        select school_id, id, user_id, address_index, wording, opted_in_at, last_interaction_at
                          from marketing_opt_in where school_id = ? and user_id = ? and withdrawn_at is null""")
                .params(schoolId, userId).query((rs, n) -> optIn(rs)).optional();
    }

    List<OptIn> live(UUID schoolId) {
        return jdbc.sql("""
                        select school_id, id, user_id, address_index, wording, opted_in_at, last_interaction_at
                          from marketing_opt_in where school_id = ? and withdrawn_at is null order by opted_in_at, id""")
                .param(schoolId).query((rs, n) -> optIn(rs)).list();
    }

    void insert(OptIn optIn) {
        jdbc.sql("""
                        insert into marketing_opt_in (school_id, id, user_id, address_index, wording, opted_in_at,
                                                      last_interaction_at) values (?, ?, ?, ?, ?, ?, ?)""")
                .params(optIn.schoolId(), optIn.id(), optIn.userId(), optIn.addressIndex(), optIn.wording(),
                        Timestamp.from(optIn.optedInAt()), Timestamp.from(optIn.lastInteractionAt()))
                .update();
    }

    void touch(UUID schoolId, UUID id, Instant now) {
        jdbc.sql("update marketing_opt_in set last_interaction_at = ? where school_id = ? and id = ?")
                .params(Timestamp.from(now), schoolId, id).update();
    }

    int withdraw(UUID schoolId, UUID userId, Instant now) {
        return jdbc.sql("""
                        update marketing_opt_in set withdrawn_at = ?
                         where school_id = ? and user_id = ? and withdrawn_at is null""")
                .params(Timestamp.from(now), schoolId, userId).update();
    }

    /** Deletes the school's opt-ins (live or withdrawn) whose last interaction is before the cutoff. */
    int lapse(UUID schoolId, Instant cutoff) {
        return jdbc.sql("delete from marketing_opt_in where school_id = ? and last_interaction_at < ?")
                .params(schoolId, Timestamp.from(cutoff)).update();
    }

    boolean suppressed(byte[] addressIndex) {
        return jdbc.sql("select exists (select 1 from marketing_suppression where address_index = ?)")
                .param(addressIndex).query(Boolean.class).single();
    }

    Optional<Instant> suppressedAt(byte[] addressIndex) {
        return jdbc.sql("select suppressed_at from marketing_suppression where address_index = ?")
                .param(addressIndex).query(Timestamp.class).optional().map(Timestamp::toInstant);
    }

    /** True if the address was added now, false if it was on the list already. */
    boolean suppress(byte[] addressIndex, Instant now) {
        return jdbc.sql("insert into marketing_suppression (address_index, suppressed_at) values (?, ?) on conflict do nothing")
                .params(addressIndex, Timestamp.from(now)).update() == 1;
    }

    long suppressions() {
        return jdbc.sql("select count(*) from marketing_suppression").query(Long.class).single();
    }

    private static OptIn optIn(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new OptIn(rs.getObject("school_id", UUID.class), rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class), rs.getBytes("address_index"), rs.getString("wording"),
                rs.getTimestamp("opted_in_at").toInstant(), rs.getTimestamp("last_interaction_at").toInstant());
    }
}
