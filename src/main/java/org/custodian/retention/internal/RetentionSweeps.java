package org.custodian.retention.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.custodian.accesslog.AccessLogRetention;
import org.custodian.crypto.SubjectKeys;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.StaffErasure;
import org.custodian.pupils.PupilRetention;
import org.custodian.retention.DeletionCertificates;
import org.custodian.retention.DeletionCertificates.CategoryDeletion;
import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionSchedule;
import org.custodian.retention.RetentionTrigger;
import org.custodian.rights.LegalHolds;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retention sweeps: what each swept category's rule makes due (a preview: counts, no values), the
 * school's choice of automatic deletion or DPO approval, and the sweep itself. A sweep fixes its
 * cut-offs when it starts, deletes in batches (each its own transaction, recording the ids it
 * deleted), and on its last batch issues the deletion certificate; a sweep left unfinished by a
 * crash is resumed by the next run with the same cut-offs. Legal holds on the school, a category
 * or a subject keep what they cover.
 */
@Service
class RetentionSweeps {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeps.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The categories sweeps delete today, in the order they run. */
    static final List<RetentionCategory> SWEPT = List.of(RetentionCategory.SIGN_IN_RECORDS,
            RetentionCategory.ONE_TIME_LINKS, RetentionCategory.IMPORT_FILES, RetentionCategory.ACCESS_LOG,
            RetentionCategory.PUPIL_RECORDS, RetentionCategory.STAFF_ACCOUNTS, RetentionCategory.ERASURE_TOMBSTONES,
            RetentionCategory.RIGHTS_REQUEST_RECORDS, RetentionCategory.LEGAL_HOLDS);

    /** The id of a tombstone, a hold, an account: what a sweep item names after its table. */
    private static final String ERASED_PUPIL = "erased_pupil:", ERASED_STAFF = "erased_staff:",
            LEGAL_HOLD = "legal_hold:", USER_ACCOUNT = "user_account:";

    private final SweepStore store;
    private final RetentionSchedule schedule;
    private final LegalHolds holds;
    private final PupilRetention pupils;
    private final StaffErasure staff;
    private final SubjectKeys keys;
    private final JdbcRetentionSchedule platformSchedule;
    private final AccessLogRetention accessLog;
    private final DeletionCertificates certificates;
    private final Tenancy tenancy;
    private final DataSource dataSource;
    private final SweepProperties properties;
    private final Clock clock;

    RetentionSweeps(SweepStore store, RetentionSchedule schedule, LegalHolds holds, PupilRetention pupils,
                    StaffErasure staff, SubjectKeys keys, JdbcRetentionSchedule platformSchedule,
                    AccessLogRetention accessLog, DeletionCertificates certificates, Tenancy tenancy,
                    DataSource dataSource, SweepProperties properties, Clock clock) {
        this.store = store;
        this.schedule = schedule;
        this.holds = holds;
        this.pupils = pupils;
        this.staff = staff;
        this.keys = keys;
        this.platformSchedule = platformSchedule;
        this.accessLog = accessLog;
        this.certificates = certificates;
        this.tenancy = tenancy;
        this.dataSource = dataSource;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * One category in a preview or a sweep: the rule applied, the cut-off it gives (an instant, or
     * for pupils the latest leaving date), whether a hold keeps it, and what would be deleted.
     *
     * @param swept  false when sweeps cannot apply the rule (a note says why)
     * @param digest SHA-256 of the sorted candidate ids, so an approval tells a preview that no longer matches
     */
    @org.custodian.privacy.NoPersonalData("counts, dates and the code's own notes about a category; no record's values")
    record Entry(String category, String trigger, String period, String cutoff, boolean held, boolean swept,
                 String note, long count, String digest) {
    }

    record Preview(UUID id, Instant madeAt, List<Entry> entries, UUID approvedBy, Instant approvedAt) {
    }

    record Mode(boolean approvalRequired, UUID changedBy, Instant changedAt) {
    }

    // ---- mode

    Mode mode(UUID school) {
        return tenancy.inSchool(school, () -> store.mode(school)
                .map(m -> new Mode(m.approvalRequired(), m.changedBy(), m.changedAt()))
                .orElse(new Mode(false, null, null)));
    }

    void chooseMode(CustodianUser admin, boolean approvalRequired) {
        UUID school = admin.ownSchoolId();
        tenancy.inSchool(school, () -> store.chooseMode(school, approvalRequired, admin.id(), clock.instant()));
        log.info("Retention sweep mode of school {} set to {}", school, approvalRequired ? "DPO approval" : "automatic");
    }

    // ---- previews

    /** Works out and keeps a preview of the next sweep under today's rules. */
    Preview preview(UUID school) {
        Instant now = clock.instant();
        List<Entry> entries = plan(school, now);
        UUID id = UUID.randomUUID();
        tenancy.inSchool(school, () -> store.savePreview(school, id, now, JSON.writeValueAsString(entries)));
        return new Preview(id, now, entries, null, null);
    }

    Optional<Preview> findPreview(UUID school, UUID id) {
        return tenancy.inSchool(school, () -> store.preview(school, id)).map(RetentionSweeps::preview);
    }

    /**
     * The DPO approves a preview: refused with {@code stale-preview} (nothing approved, nothing
     * deleted) if it is older than the allowed age, or the rules or the data it covers changed since.
     */
    Preview approve(CustodianUser dpo, UUID previewId) {
        UUID school = dpo.ownSchoolId();
        Instant now = clock.instant();
        Preview preview = findPreview(school, previewId).orElseThrow(() ->
                ProblemException.notFound("preview-not-found", "There is no such preview at your school."));
        if (preview.approvedAt() != null) {
            return preview;
        }
        if (preview.madeAt().plus(properties.previewMaxAge()).isBefore(now) || !stillMatches(school, preview.entries(), now)) {
            log.warn("Refused approving retention preview {}: stale-preview", previewId);
            throw new ProblemException(HttpStatus.CONFLICT, "stale-preview",
                    "This preview no longer matches the school's records or rules. Make a new preview and approve that.");
        }
        tenancy.inSchool(school, () -> store.approve(school, previewId, dpo.id(), now));
        log.info("Retention preview {} approved", previewId);
        return findPreview(school, previewId).orElseThrow();
    }

    /** Whether the rules are unchanged and the same records are due at the preview's cut-offs. */
    private boolean stillMatches(UUID school, List<Entry> entries, Instant now) {
        Map<String, Entry> current = new LinkedHashMap<>();
        plan(school, now).forEach(entry -> current.put(entry.category(), entry));
        List<Entry> again = at(school, entries, now);
        for (int i = 0; i < entries.size(); i++) {
            Entry was = entries.get(i);
            Entry rule = current.get(was.category());
            if (rule == null || !Objects.equals(rule.trigger(), was.trigger()) || !Objects.equals(rule.period(), was.period())
                    || rule.held() != was.held() || !Objects.equals(again.get(i).digest(), was.digest())) {
                return false;
            }
        }
        return true;
    }

    /** Each swept category's cut-off under today's rules, and what is due by it. */
    List<Entry> plan(UUID school, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, UK);
        List<Entry> cutoffs = new ArrayList<>();
        for (RetentionCategory category : SWEPT) {
            RetentionSchedule.Rule rule = schedule.rule(school, category);
            String cutoff;
            boolean swept = true;
            String note = null;
            if (rule.trigger() == RetentionTrigger.EVENT_DATE || rule.trigger() == RetentionTrigger.LAST_INTERACTION) {
                // Due on the day the period ends: everything made before the next day less the period.
                cutoff = today.plusDays(1).minus(rule.period()).atStartOfDay(UK).toInstant().toString();
            } else if (rule.trigger() == RetentionTrigger.LEAVING_DATE || rule.trigger() == RetentionTrigger.DATE_OF_BIRTH) {
                // The latest leaving date, or date of birth, the period has run from by today.
                cutoff = today.minus(rule.period()).toString();
            } else {
                cutoff = null;
                swept = false;
                note = "Not swept: sweeps do not count from " + rule.trigger().name() + ".";
            }
            cutoffs.add(new Entry(category.name(), rule.trigger().name(), rule.period().toString(), cutoff, false, swept,
                    note, 0, null));
        }
        return at(school, cutoffs, now);
    }

    /** The entries with holds, counts and digests as they stand now at their own cut-offs. */
    private List<Entry> at(UUID school, List<Entry> entries, Instant now) {
        LegalHolds.Standing standing = holds.standing(school);
        return tenancy.inSchool(school, () -> entries.stream().map(entry -> {
            boolean held = held(standing, entry.category());
            if (!entry.swept()) {
                return new Entry(entry.category(), entry.trigger(), entry.period(), entry.cutoff(), held, false,
                        entry.note(), 0, null);
            }
            List<String> candidates = held ? List.of() : candidates(school, entry, standing, now);
            long count = RetentionCategory.ACCESS_LOG.name().equals(entry.category()) && !held
                    ? store.accessLogCandidates(school, Instant.parse(entry.cutoff())) : candidates.size();
            return new Entry(entry.category(), entry.trigger(), entry.period(), entry.cutoff(), held, true,
                    held ? "Kept: a legal hold covers these records." : null, count,
                    JdbcDeletionCertificates.idsDigest(candidates));
        }).toList());
    }

    private List<String> candidates(UUID school, Entry entry, LegalHolds.Standing standing, Instant now) {
        RetentionCategory category = RetentionCategory.valueOf(entry.category());
        if (bornBy(entry)) {
            return pupils.leaversBornBy(school, LocalDate.parse(entry.cutoff()), standing.pupils(), Integer.MAX_VALUE)
                    .stream().map(leaver -> "pupil:" + leaver.id()).toList();
        }
        return switch (category) {
            case SIGN_IN_RECORDS -> store.signInCandidates(school, Instant.parse(entry.cutoff()), standing.staff());
            case ONE_TIME_LINKS -> store.oneTimeLinkCandidates(school, Instant.parse(entry.cutoff()), now, standing.staff());
            case IMPORT_FILES -> store.importJobCandidates(school, Instant.parse(entry.cutoff()));
            case ERASURE_TOMBSTONES -> store.tombstoneCandidates(school, Instant.parse(entry.cutoff()));
            case STAFF_ACCOUNTS -> staff.leftBefore(school, Instant.parse(entry.cutoff()), standing.staff(), Integer.MAX_VALUE)
                    .stream().map(account -> USER_ACCOUNT + account.id()).toList();
            case LEGAL_HOLDS -> store.legalHoldCandidates(school, Instant.parse(entry.cutoff()));
            case RIGHTS_REQUEST_RECORDS -> store.rightsRecordCandidates(school, Instant.parse(entry.cutoff()),
                    standing.pupils(), standing.staff());
            case ACCESS_LOG -> List.of("access_log:" + store.accessLogCandidates(school, Instant.parse(entry.cutoff())));
            case PUPIL_RECORDS -> pupils.leaversBy(school, LocalDate.parse(entry.cutoff()), standing.pupils(),
                    Integer.MAX_VALUE).stream().map(leaver -> "pupil:" + leaver.id()).toList();
            default -> List.of();
        };
    }

    /** Pupil records counted from the date of birth, which only the pupils module can read (decrypted). */
    private static boolean bornBy(Entry entry) {
        return RetentionCategory.PUPIL_RECORDS.name().equals(entry.category())
                && RetentionTrigger.DATE_OF_BIRTH.name().equals(entry.trigger());
    }

    /**
     * A hold on the school or the category keeps all of it; the access log, whose removal takes
     * entries of every subject at once, is also kept while any pupil or member of staff is held.
     */
    private static boolean held(LegalHolds.Standing standing, String category) {
        return standing.coversCategory(category) || (RetentionCategory.ACCESS_LOG.name().equals(category)
                && (!standing.pupils().isEmpty() || !standing.staff().isEmpty()));
    }

    // ---- sweeping

    /** Sweeps every school it is given, one failure not stopping the others. */
    void sweepAll(List<UUID> schools) {
        for (UUID school : schools) {
            try {
                sweep(school);
            } catch (RuntimeException e) {
                log.error("Retention sweep of school {} failed: {}", school, e.getClass().getSimpleName());
            }
        }
    }

    /** Sweeps the school to the end (resuming an unfinished sweep first); the certificate, if it deleted anything. */
    Optional<DeletionCertificates.Certificate> sweep(UUID school) {
        return sweep(school, Integer.MAX_VALUE);
    }

    /**
     * As {@link #sweep(UUID)}, but stops after {@code maxBatches} batches as a killed process
     * would, leaving the sweep unfinished.
     */
    Optional<DeletionCertificates.Certificate> sweep(UUID school, int maxBatches) {
        try (Connection lock = dataSource.getConnection()) {
            if (!advisory(lock, "pg_try_advisory_lock", school)) {
                return Optional.empty();
            }
            try {
                return sweepLocked(school, maxBatches);
            } finally {
                advisory(lock, "pg_advisory_unlock", school);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the sweep lock", e);
        }
    }

    private static boolean advisory(Connection connection, String function, UUID school) throws SQLException {
        try (var statement = connection.prepareStatement("select " + function + "(hashtextextended(?, 0))")) {
            statement.setString(1, "retention_sweep:" + school);
            try (var result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private Optional<DeletionCertificates.Certificate> sweepLocked(UUID school, int maxBatches) {
        Instant now = clock.instant();
        SweepStore.StoredSweep sweep = tenancy.inSchool(school, () -> store.running(school)).orElse(null);
        if (sweep == null) {
            sweep = start(school, now);
            if (sweep == null) {
                return Optional.empty();
            }
        }
        UUID sweepId = sweep.id();
        List<Entry> entries = entries(sweep.categories());
        LegalHolds.Standing standing = holds.standing(school);
        int batches = 0;
        for (Entry entry : entries) {
            if (!entry.swept() || entry.held() || held(standing, entry.category())) {
                continue;
            }
            while (true) {
                if (batches++ >= maxBatches) {
                    return Optional.empty();
                }
                if (batch(school, sweepId, entry, standing, now) == 0) {
                    break;
                }
            }
        }
        return finish(school, sweepId);
    }

    /** Starts a sweep by the school's mode; null when there is nothing to do. */
    private SweepStore.StoredSweep start(UUID school, Instant now) {
        List<Entry> entries;
        UUID previewId = null;
        if (mode(school).approvalRequired()) {
            Optional<Preview> approved = tenancy.inSchool(school, () -> store.approvedUnused(school)).map(RetentionSweeps::preview);
            if (approved.isEmpty()) {
                return null;
            }
            previewId = approved.get().id();
            entries = approved.get().entries();
            if (!stillMatchesData(school, entries, now)) {
                // The data changed after the approval: the approval covers nothing now, so nothing is deleted.
                log.warn("Approved retention preview {} no longer matches; nothing deleted", previewId);
                entries = entries.stream().map(e -> new Entry(e.category(), e.trigger(), e.period(), e.cutoff(), e.held(),
                        false, "The approved preview no longer matched.", 0, e.digest())).toList();
            }
        } else {
            entries = plan(school, now);
            if (entries.stream().noneMatch(e -> e.swept() && !e.held() && e.count() > 0)) {
                return null;
            }
        }
        UUID id = UUID.randomUUID();
        UUID preview = previewId;
        String json = JSON.writeValueAsString(entries);
        boolean started = tenancy.inSchool(school, () -> store.start(school, id, now, preview, json));
        return started ? new SweepStore.StoredSweep(id, now, previewId, json, null, null) : null;
    }

    private boolean stillMatchesData(UUID school, List<Entry> entries, Instant now) {
        List<Entry> again = at(school, entries, now);
        for (int i = 0; i < entries.size(); i++) {
            if (!Objects.equals(entries.get(i).digest(), again.get(i).digest())) {
                return false;
            }
        }
        return true;
    }

    /** Deletes one batch of the category in its own transaction with the record of what it deleted; how many. */
    private int batch(UUID school, UUID sweepId, Entry entry, LegalHolds.Standing standing, Instant now) {
        int size = properties.sweepBatchSize();
        RetentionCategory category = RetentionCategory.valueOf(entry.category());
        if (category == RetentionCategory.ACCESS_LOG) {
            // The access log's own removal (its own transactions): the tree keeps the leaf hashes, so verify still works.
            Instant cutoff = Instant.parse(entry.cutoff());
            if (tenancy.inSchool(school, () -> store.accessLogCandidates(school, cutoff)) == 0) {
                return 0; // nothing due: no removal to record
            }
            long removed = accessLog.removeEntriesBefore(school, cutoff);
            if (removed > 0) {
                tenancy.inSchool(school, () -> store.record(school, sweepId, entry.category(),
                        List.of(new SweepStore.Item("access_log:" + cutoff + ":" + removed, cutoff))));
            }
            return 0;
        }
        if (bornBy(entry)) {
            return tenancy.inSchool(school, () -> {
                var leavers = pupils.leaversBornBy(school, LocalDate.parse(entry.cutoff()), standing.pupils(), size);
                var erased = Set.copyOf(pupils.eraseAtEndOfRetention(school,
                        leavers.stream().map(PupilRetention.Leaver::id).toList()));
                // Dated by the leaving date: the date of birth must not reach the certificate.
                List<SweepStore.Item> items = leavers.stream().filter(leaver -> erased.contains(leaver.id()))
                        .map(leaver -> new SweepStore.Item("pupil:" + leaver.id(), leaver.leavingDate().atStartOfDay(UK).toInstant()))
                        .toList();
                store.record(school, sweepId, entry.category(), items);
                return items.size();
            });
        }
        return tenancy.inSchool(school, () -> {
            List<SweepStore.Item> items = switch (category) {
                case SIGN_IN_RECORDS -> store.deleteSignInRecords(school, Instant.parse(entry.cutoff()), size, standing.staff());
                case ONE_TIME_LINKS -> store.deleteOneTimeLinks(school, Instant.parse(entry.cutoff()), now, size, standing.staff());
                case IMPORT_FILES -> store.deleteImportJobs(school, Instant.parse(entry.cutoff()), size);
                case ERASURE_TOMBSTONES -> {
                    Instant cutoff = Instant.parse(entry.cutoff());
                    List<SweepStore.Item> gone = new ArrayList<>();
                    pupils.expireTombstones(school, cutoff)
                            .forEach(t -> gone.add(new SweepStore.Item(ERASED_PUPIL + t.id(), t.erasedAt())));
                    staff.expireTombstones(school, cutoff)
                            .forEach(t -> gone.add(new SweepStore.Item(ERASED_STAFF + t.id(), t.erasedAt())));
                    yield gone;
                }
                case STAFF_ACCOUNTS -> {
                    var accounts = staff.leftBefore(school, Instant.parse(entry.cutoff()), standing.staff(), size);
                    var erased = Set.copyOf(staff.eraseAtEndOfRetention(school,
                            accounts.stream().map(StaffErasure.LeftAccount::id).toList()));
                    yield accounts.stream().filter(account -> erased.contains(account.id()))
                            .map(account -> new SweepStore.Item(USER_ACCOUNT + account.id(), account.lastUsed())).toList();
                }
                case RIGHTS_REQUEST_RECORDS -> {
                    var gone = store.deleteRightsRecords(school, Instant.parse(entry.cutoff()), size, standing.pupils(),
                            standing.staff());
                    // Requests' and erasures' free text is sealed under each one's own data key: destroyed with the rows.
                    keys.destroyAll(school, gone.stream().map(SweepStore.Record::id).toList());
                    yield gone.stream().map(record -> new SweepStore.Item(record.kind() + ":" + record.id(), record.dated()))
                            .toList();
                }
                case LEGAL_HOLDS -> {
                    var lifted = store.deleteLegalHolds(school, Instant.parse(entry.cutoff()), size);
                    // Each hold's reason is sealed under its own data key: destroyed with the row.
                    keys.destroyAll(school, lifted.stream().map(SweepStore.Lifted::id).toList());
                    yield lifted.stream().map(hold -> new SweepStore.Item(LEGAL_HOLD + hold.id(), hold.liftedAt())).toList();
                }
                case PUPIL_RECORDS -> {
                    var leavers = pupils.leaversBy(school, LocalDate.parse(entry.cutoff()), standing.pupils(), size);
                    var erased = Set.copyOf(pupils.eraseAtEndOfRetention(school,
                            leavers.stream().map(PupilRetention.Leaver::id).toList()));
                    yield leavers.stream().filter(leaver -> erased.contains(leaver.id()))
                            .map(leaver -> new SweepStore.Item("pupil:" + leaver.id(),
                                    leaver.leavingDate().atStartOfDay(UK).toInstant()))
                            .toList();
                }
                default -> List.<SweepStore.Item>of();
            };
            store.record(school, sweepId, entry.category(), items);
            // Tombstones go in one statement: nothing more is due once it has run.
            return category == RetentionCategory.ERASURE_TOMBSTONES ? 0 : items.size();
        });
    }

    /** Certifies what the sweep deleted (nothing to certify: no certificate) and marks it finished, atomically. */
    private Optional<DeletionCertificates.Certificate> finish(UUID school, UUID sweepId) {
        return tenancy.inSchool(school, () -> {
            Map<String, SweepStore.Recorded> recorded = new LinkedHashMap<>();
            store.recorded(school, sweepId).forEach(r -> recorded.put(r.category(), r));
            Optional<DeletionCertificates.Certificate> certificate = Optional.empty();
            if (!recorded.isEmpty()) {
                List<CategoryDeletion> deletions = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (RetentionCategory category : SWEPT) {
                    SweepStore.Recorded of = recorded.get(category.name());
                    if (of != null) {
                        deletions.add(new CategoryDeletion(category.name(), count(category.name(), of.ids()),
                                of.firstDated(), of.lastDated(), SHREDDED.contains(category.name())
                                        ? DeletionCertificates.CRYPTO_SHREDDING : DeletionCertificates.ROW_DELETION));
                        ids.addAll(of.ids());
                    }
                }
                certificate = Optional.of(certificates.issue(DeletionCertificates.Kind.SWEEP, school, deletions, ids));
            }
            store.finish(school, sweepId, clock.instant(), certificate.map(DeletionCertificates.Certificate::id).orElse(null));
            store.forgetItems(school, sweepId);
            return certificate;
        });
    }

    /** Categories whose records are deleted with their data keys destroyed. */
    private static final Set<String> SHREDDED = Set.of(RetentionCategory.PUPIL_RECORDS.name(),
            RetentionCategory.STAFF_ACCOUNTS.name(), RetentionCategory.RIGHTS_REQUEST_RECORDS.name(),
            RetentionCategory.LEGAL_HOLDS.name());

    // ---- records of no school

    /**
     * Deletes the sign-in records of no school (platform operators' events) past the platform's
     * own SIGN_IN_RECORDS rule: its default period within the operators' limits. No certificate
     * (no school's records); a log line gives the count. Idempotent, so every instance may run it.
     */
    long sweepPlatformSignIns() {
        RetentionSchedule.Rule rule = platformSchedule.platformRule(RetentionCategory.SIGN_IN_RECORDS);
        LocalDate today = LocalDate.ofInstant(clock.instant(), UK);
        Instant cutoff = today.plusDays(1).minus(rule.period()).atStartOfDay(UK).toInstant();
        long swept = 0;
        int batch;
        do {
            batch = tenancy.asPlatform(() -> store.deletePlatformSignInRecords(cutoff, properties.sweepBatchSize()));
            swept += batch;
        } while (batch > 0);
        log.info("Retention sweep deleted {} sign-in record(s) of no school made before {} ({} rule)", swept, cutoff,
                rule.period());
        return swept;
    }

    /** Access-log removals are recorded as one item each, naming how many entries they removed. */
    private static long count(String category, List<String> ids) {
        if (!RetentionCategory.ACCESS_LOG.name().equals(category)) {
            return ids.size();
        }
        return ids.stream().mapToLong(id -> Long.parseLong(id.substring(id.lastIndexOf(':') + 1))).sum();
    }

    static List<Entry> entries(String json) {
        return JSON.readValue(json, new TypeReference<List<Entry>>() { });
    }

    private static Preview preview(SweepStore.StoredPreview stored) {
        return new Preview(stored.id(), stored.madeAt(), entries(stored.categories()), stored.approvedBy(), stored.approvedAt());
    }

    /** The swept categories' names, for pages. */
    static Set<String> sweptNames() {
        return Set.copyOf(SWEPT.stream().map(Enum::name).toList());
    }
}
