package org.custodian.retention.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of retention sweeps: retention_sweep_mode, retention_preview, retention_sweep,
 * retention_sweep_batch, and the security-definer functions that delete records at the end of their
 * period (with the read-only candidate queries a preview counts, which mirror them). Callers run it
 * in the school's scope.
 */
@Repository
class SweepStore {

    private final JdbcClient jdbc;

    SweepStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Mode(boolean approvalRequired, UUID changedBy, Instant changedAt) {
    }

    record Item(String id, Instant dated) {
    }

    record StoredPreview(UUID id, Instant madeAt, String categories, UUID approvedBy, Instant approvedAt) {
    }

    record StoredSweep(UUID id, Instant startedAt, UUID previewId, String categories, Instant finishedAt,
                       UUID certificateId) {
    }

    // ---- mode

    Optional<Mode> mode(UUID school) {
        return jdbc.sql("""
                        select approval_required, changed_by, changed_at from retention_sweep_mode
                         where school_id = ? order by changed_at desc, id limit 1""")
                .params(school)
                .query((rs, n) -> new Mode(rs.getBoolean(1), rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant()))
                .optional();
    }

    void chooseMode(UUID school, boolean approvalRequired, UUID by, Instant at) {
        jdbc.sql("""
                        insert into retention_sweep_mode (school_id, id, approval_required, changed_by, changed_at)
                        values (?, ?, ?, ?, ?)""")
                .params(school, UUID.randomUUID(), approvalRequired, by, utc(at)).update();
    }

    // ---- previews

    void savePreview(UUID school, UUID id, Instant madeAt, String categoriesJson) {
        jdbc.sql("insert into retention_preview (school_id, id, made_at, categories) values (?, ?, ?, ?::jsonb)")
                .params(school, id, utc(madeAt), categoriesJson).update();
    }

    Optional<StoredPreview> preview(UUID school, UUID id) {
        return jdbc.sql("select id, made_at, categories::text, approved_by, approved_at from retention_preview"
                        + " where school_id = ? and id = ?")
                .params(school, id).query(SweepStore::preview).optional();
    }

    List<StoredPreview> previews(UUID school, int limit) {
        return jdbc.sql("select id, made_at, categories::text, approved_by, approved_at from retention_preview"
                        + " where school_id = ? order by made_at desc, id limit ?")
                .params(school, limit).query(SweepStore::preview).list();
    }

    /** The newest approved preview no sweep has used yet. */
    Optional<StoredPreview> approvedUnused(UUID school) {
        return jdbc.sql("""
                        select p.id, p.made_at, p.categories::text, p.approved_by, p.approved_at from retention_preview p
                         where p.school_id = ? and p.approved_at is not null
                           and not exists (select 1 from retention_sweep s where s.school_id = p.school_id and s.preview_id = p.id)
                         order by p.approved_at desc, p.id limit 1""")
                .params(school).query(SweepStore::preview).optional();
    }

    boolean approve(UUID school, UUID id, UUID by, Instant at) {
        return jdbc.sql("update retention_preview set approved_by = ?, approved_at = ?"
                        + " where school_id = ? and id = ? and approved_at is null")
                .params(by, utc(at), school, id).update() == 1;
    }

    // ---- sweeps

    Optional<StoredSweep> running(UUID school) {
        return jdbc.sql("select id, started_at, preview_id, categories::text, finished_at, certificate_id"
                        + " from retention_sweep where school_id = ? and finished_at is null")
                .params(school).query(SweepStore::sweep).optional();
    }

    List<StoredSweep> sweeps(UUID school, int limit) {
        return jdbc.sql("select id, started_at, preview_id, categories::text, finished_at, certificate_id"
                        + " from retention_sweep where school_id = ? order by started_at desc, id limit ?")
                .params(school, limit).query(SweepStore::sweep).list();
    }

    /** Starts a sweep unless one is running (another instance got there first): false then. */
    boolean start(UUID school, UUID id, Instant at, UUID previewId, String categoriesJson) {
        return jdbc.sql("""
                        insert into retention_sweep (school_id, id, started_at, preview_id, categories)
                        values (?, ?, ?, ?, ?::jsonb) on conflict do nothing""")
                .params(school, id, utc(at), previewId, categoriesJson).update() == 1;
    }

    boolean finish(UUID school, UUID sweep, Instant at, UUID certificateId) {
        return jdbc.sql("update retention_sweep set finished_at = ?, certificate_id = ?"
                        + " where school_id = ? and id = ? and finished_at is null")
                .params(utc(at), certificateId, school, sweep).update() == 1;
    }

    void record(UUID school, UUID sweep, String category, List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        Instant first = items.stream().map(Item::dated).min(Instant::compareTo).orElseThrow();
        Instant last = items.stream().map(Item::dated).max(Instant::compareTo).orElseThrow();
        jdbc.sql("""
                        insert into retention_sweep_batch (school_id, sweep_id, category, item_ids, first_dated, last_dated)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(school, sweep, category, items.stream().map(Item::id).toArray(String[]::new), utc(first), utc(last))
                .update();
    }

    /** What one category's batches of a sweep deleted: how many ids, the ids, and the dates they span. */
    record Recorded(String category, List<String> ids, Instant firstDated, Instant lastDated) {
    }

    List<Recorded> recorded(UUID school, UUID sweep) {
        return jdbc.sql("""
                        select category, array_agg(id order by id), min(first_dated), max(last_dated)
                          from (select category, unnest(item_ids) as id, first_dated, last_dated
                                  from retention_sweep_batch where school_id = ? and sweep_id = ?) as b
                         group by category""")
                .params(school, sweep)
                .query((rs, n) -> new Recorded(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()))
                .list();
    }

    void forgetItems(UUID school, UUID sweep) {
        jdbc.sql("delete from retention_sweep_batch where school_id = ? and sweep_id = ?").params(school, sweep).update();
    }

    // ---- deletions (security-definer functions) and what they would delete

    List<Item> deleteSignInRecords(UUID school, Instant cutoff, int batch, Collection<UUID> heldStaff) {
        return jdbc.sql("select item_id, dated from custodian_sweep_sign_in_records(?, ?, ?, ?)")
                .params(school, utc(cutoff), batch, heldStaff.toArray(UUID[]::new)).query(SweepStore::item).list();
    }

    List<String> signInCandidates(UUID school, Instant cutoff, Collection<UUID> heldStaff) {
        return jdbc.sql("""
                        select 'security_event:' || id::text from security_event
                         where school_id = :school and occurred_at < :cutoff and (user_id is null or not user_id = any (:held))
                        union all
                        select 'device_cookie:' || encode(d.token_hash, 'hex') from device_cookie d
                          join user_account u on u.id = d.user_id
                         where u.school_id = :school and d.expires_at < :cutoff and not d.user_id = any (:held)
                        union all
                        select 'account_lockout:' || l.user_id::text from account_lockout l
                          join user_account u on u.id = l.user_id
                         where u.school_id = :school and greatest(l.window_started_at, l.locked_until) < :cutoff
                           and not l.user_id = any (:held)""")
                .param("school", school).param("cutoff", utc(cutoff)).param("held", heldStaff.toArray(UUID[]::new))
                .query(String.class).list();
    }

    List<Item> deleteOneTimeLinks(UUID school, Instant cutoff, Instant now, int batch, Collection<UUID> heldStaff) {
        return jdbc.sql("select item_id, dated from custodian_sweep_one_time_links(?, ?, ?, ?, ?)")
                .params(school, utc(cutoff), utc(now), batch, heldStaff.toArray(UUID[]::new))
                .query(SweepStore::item).list();
    }

    List<String> oneTimeLinkCandidates(UUID school, Instant cutoff, Instant now, Collection<UUID> heldStaff) {
        return jdbc.sql("""
                        select 'user_invitation:' || id::text from user_invitation
                         where school_id = :school and created_at < :cutoff
                           and (accepted_at is not null or revoked_at is not null or expires_at <= :now)
                           and not user_id = any (:held)
                        union all
                        select 'password_reset:' || encode(r.token_hash, 'hex') from password_reset r
                          join user_account u on u.id = r.user_id
                         where u.school_id = :school and r.created_at < :cutoff
                           and (r.used_at is not null or r.expires_at <= :now) and not r.user_id = any (:held)""")
                .param("school", school).param("cutoff", utc(cutoff)).param("now", utc(now))
                .param("held", heldStaff.toArray(UUID[]::new))
                .query(String.class).list();
    }

    List<Item> deleteImportJobs(UUID school, Instant cutoff, int batch) {
        return jdbc.sql("select item_id, dated from custodian_sweep_import_jobs(?, ?, ?)")
                .params(school, utc(cutoff), batch).query(SweepStore::item).list();
    }

    List<String> importJobCandidates(UUID school, Instant cutoff) {
        return jdbc.sql("""
                        select 'import_job:' || id::text from import_job
                         where school_id = ? and created_at < ? and state in ('COMMITTED', 'FAILED', 'DISCARDED')""")
                .params(school, utc(cutoff)).query(String.class).list();
    }

    List<String> tombstoneCandidates(UUID school, Instant cutoff) {
        return jdbc.sql("""
                        select 'erased_pupil:' || id::text from erased_pupil where school_id = :school and erased_at < :cutoff
                        union all
                        select 'erased_staff:' || id::text from erased_staff where school_id = :school and erased_at < :cutoff""")
                .param("school", school).param("cutoff", utc(cutoff)).query(String.class).list();
    }

    record Lifted(UUID id, Instant liftedAt) {
    }

    List<Lifted> deleteLegalHolds(UUID school, Instant cutoff, int batch) {
        return jdbc.sql("select hold_id, dated from custodian_sweep_legal_holds(?, ?, ?)")
                .params(school, utc(cutoff), batch)
                .query((rs, n) -> new Lifted(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant())).list();
    }

    List<String> legalHoldCandidates(UUID school, Instant cutoff) {
        return jdbc.sql("""
                        select 'legal_hold:' || id::text from legal_hold
                         where school_id = ? and lifted_at is not null and lifted_at < ?""")
                .params(school, utc(cutoff)).query(String.class).list();
    }

    record Record(String kind, UUID id, Instant dated) {
    }

    List<Record> deleteRightsRecords(UUID school, Instant cutoff, int batch, Collection<UUID> heldPupils,
                                     Collection<UUID> heldStaff) {
        return jdbc.sql("select record_kind, record_id, dated from custodian_sweep_rights_requests(?, ?, ?, ?, ?)")
                .params(school, utc(cutoff), batch, heldPupils.toArray(UUID[]::new), heldStaff.toArray(UUID[]::new))
                .query((rs, n) -> new Record(rs.getString(1), rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant()))
                .list();
    }

    List<String> rightsRecordCandidates(UUID school, Instant cutoff, Collection<UUID> heldPupils,
                                        Collection<UUID> heldStaff) {
        return jdbc.sql("select record_kind || ':' || record_id::text from custodian_rights_records_due(?, ?, ?, ?)")
                .params(school, utc(cutoff), heldPupils.toArray(UUID[]::new), heldStaff.toArray(UUID[]::new))
                .query(String.class).list();
    }

    /** In the platform's scope: the sign-in records of no school made before the cut-off; how many. */
    int deletePlatformSignInRecords(Instant cutoff, int batch) {
        return jdbc.sql("select custodian_sweep_platform_sign_in_records(?, ?)")
                .params(utc(cutoff), batch).query(Integer.class).single();
    }

    long accessLogCandidates(UUID school, Instant cutoff) {
        return jdbc.sql("select count(*) from access_log_entry where school_id = ? and occurred_at < ?")
                .params(school, utc(cutoff)).query(Long.class).single();
    }

    private static Item item(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Item(rs.getString(1), rs.getTimestamp(2).toInstant());
    }

    private static StoredPreview preview(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        var approvedAt = rs.getTimestamp(5);
        return new StoredPreview(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3),
                rs.getObject(4, UUID.class), approvedAt == null ? null : approvedAt.toInstant());
    }

    private static StoredSweep sweep(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        var finished = rs.getTimestamp(5);
        return new StoredSweep(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getObject(3, UUID.class),
                rs.getString(4), finished == null ? null : finished.toInstant(), rs.getObject(6, UUID.class));
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
