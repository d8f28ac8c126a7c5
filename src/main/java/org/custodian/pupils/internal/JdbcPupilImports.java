package org.custodian.pupils.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.custodian.accesslog.AccessAction;
import org.custodian.crypto.BlindIndex;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.NewSubjectKeys;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilImports;
import org.custodian.pupils.PupilRecord;
import org.custodian.schools.PupilDataGate;
import org.custodian.web.ProblemException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.custodian.pupils.internal.JdbcPupilRecords.ADMISSION_NUMBER;
import static org.custodian.pupils.internal.JdbcPupilRecords.DATE_OF_BIRTH;
import static org.custodian.pupils.internal.JdbcPupilRecords.FORENAME;
import static org.custodian.pupils.internal.JdbcPupilRecords.NC_YEAR;
import static org.custodian.pupils.internal.JdbcPupilRecords.SEX;
import static org.custodian.pupils.internal.JdbcPupilRecords.SURNAME;
import static org.custodian.pupils.internal.JdbcPupilRecords.UPN;

/**
 * Imports by the batch: one query matches a whole batch to stored pupils by UPN blind index, new
 * pupils get their data keys in one statement and their rows by COPY into a staging table, changed
 * ones are updated from the same staging table. Which UPNs the import has seen is kept in a
 * temporary table, so memory does not grow with the size of the file.
 */
@Component
class JdbcPupilImports implements PupilImports {

    /** Subjects per access-log entry: one entry per batch, not one per pupil, and never a huge one. */
    private static final int SUBJECTS_PER_ENTRY = 1000;
    private static final String STAGE_COLUMNS = """
            id, is_new, upn_ct, forename_ct, surname_ct, date_of_birth_ct, admission_number_ct, sex_ct, nc_year_ct,
            upn_index, forename_index, surname_index, leaving_date, leaving_reason, index_key_id""";

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final PupilDataGate gate;
    private final PurposeRules purposes;
    private final PupilValidator validator;
    private final CategorySettings categorySettings;
    private final FieldCipher cipher;
    private final BlindIndex blindIndex;
    private final SubjectKeys subjectKeys;
    private final JdbcPupilRecords records;
    private final java.time.Clock clock;
    private final ErasedPupils erasedPupils;
    private final JdbcSubjectRestrictions restrictions;

    JdbcPupilImports(JdbcClient jdbc, DataSource dataSource, PupilDataGate gate, PurposeRules purposes,
                     PupilValidator validator, CategorySettings categorySettings, FieldCipher cipher,
                     BlindIndex blindIndex, SubjectKeys subjectKeys, JdbcPupilRecords records, java.time.Clock clock,
                     ErasedPupils erasedPupils, JdbcSubjectRestrictions restrictions) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.gate = gate;
        this.purposes = purposes;
        this.validator = validator;
        this.categorySettings = categorySettings;
        this.cipher = cipher;
        this.blindIndex = blindIndex;
        this.subjectKeys = subjectKeys;
        this.records = records;
        this.clock = clock;
        this.erasedPupils = erasedPupils;
        this.restrictions = restrictions;
    }

    @Override
    public ImportBatch begin(AccessContext context, boolean dryRun) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("An import runs inside its caller's transaction");
        }
        purposes.requireChange(context, true);
        UUID school = context.actor().schoolId();
        if (school == null) {
            throw ProblemException.forbidden("school-staff-only", "Imports are for a school's own staff and systems.");
        }
        if (dryRun) {
            gate.requireProcessingAllowed(school);
        } else {
            gate.requireProcessingAllowedUntilCommit(school);
            // Two imports committing for one school at once would race for the same UPNs: the second waits.
            jdbc.sql("select 1 from (select pg_advisory_xact_lock(hashtextextended(?, 0))) locked")
                    .params("pupil-import:" + school).query(Integer.class).single();
        }
        jdbc.sql("""
                create temp table import_stage (
                    id uuid, is_new boolean, upn_ct bytea, forename_ct bytea, surname_ct bytea, date_of_birth_ct bytea,
                    admission_number_ct bytea, sex_ct bytea, nc_year_ct bytea, upn_index bytea, forename_index bytea,
                    surname_index bytea, leaving_date date, leaving_reason text, index_key_id bigint) on commit drop""").update();
        jdbc.sql("""
                create temp table import_category_stage (pupil_id uuid, category text, value_ct bytea, is_new boolean)
                on commit drop""").update();
        // Matching goes by the current key's UPN index: pupils a blind-index rotation has not reached yet are re-indexed first.
        records.reindexAll(school);
        return new Batch(context, school, dryRun, categorySettings.enabled(school), blindIndex.blindIndexKeyId(school));
    }

    /** An incoming pupil that passed validation, with what the import decided for it. */
    /** A problem code as the access log takes it; anything else is recorded as unknown. */
    private static final java.util.regex.Pattern PROBLEM_CODE = java.util.regex.Pattern.compile("[a-z0-9-]{1,48}");

    @Override
    public void recordFailedAttempt(AccessContext context, int compared, String problemCode) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A failed import is recorded inside its caller's transaction");
        }
        UUID school = context.actor().schoolId();
        String code = problemCode != null && PROBLEM_CODE.matcher(problemCode).matches() ? problemCode : "unknown";
        records.append(context, school, AccessAction.IMPORT_FAILED, List.of(),
                List.of("import.compared:" + Math.max(0, compared), "import.failed:" + code));
    }

    private static final class Row {
        final int position;
        final PupilValidator.Valid pupil;
        final LocalDate leavingDate;
        final byte[] upnIndex;
        UUID id;
        PupilRecord stored;
        LocalDate storedLeavingDate;
        String storedLeavingReason;
        List<String> changes = List.of();
        /** Matched a stored pupil this import may not touch (restricted, or objected to its purpose). */
        boolean restricted;

        Row(int position, PupilValidator.Valid pupil, LocalDate leavingDate, byte[] upnIndex) {
            this.position = position;
            this.pupil = pupil;
            this.leavingDate = leavingDate;
            this.upnIndex = upnIndex;
        }
    }

    private final class Batch implements ImportBatch {
        private final AccessContext context;
        private final UUID school;
        private final boolean dryRun;
        private final Set<OptionalCategory> enabled;
        /** UPNs met so far in this import (duplicates across batches; leavers of a full file). */
        private final SeenUpns seen = new SeenUpns();
        /** Access-log entries of this import, appended when its transaction is about to commit. */
        private final DeferredLog pendingEntries = new DeferredLog();

        /** The blind-index key of this import's indexes (read before any is computed). */
        private final long indexKey;

        Batch(AccessContext context, UUID school, boolean dryRun, Set<OptionalCategory> enabled, long indexKey) {
            this.indexKey = indexKey;
            this.context = context;
            this.school = school;
            this.dryRun = dryRun;
            this.enabled = enabled;
        }

        @Override
        public Checked check(List<Incoming> pupils) {
            Outcome[] outcomes = new Outcome[pupils.size()];
            return new CheckedBatch(outcomes, validate(pupils, outcomes));
        }

        @Override
        public List<Outcome> apply(Checked checked) {
            CheckedBatch batch = (CheckedBatch) checked;
            Outcome[] outcomes = batch.outcomes();
            List<Row> rows = withoutDuplicatesAndErased(batch.rows(), outcomes);
            match(rows);
            rows = withoutRestricted(rows, outcomes);
            List<Row> created = new ArrayList<>();
            List<Row> changed = new ArrayList<>();
            for (Row row : rows) {
                if (row.stored == null) {
                    row.id = newId();
                    created.add(row);
                    outcomes[row.position] = outcome(Result.NEW, row);
                } else {
                    row.id = row.stored.id();
                    row.changes = differences(row);
                    if (!row.changes.isEmpty()) {
                        changed.add(row);
                    }
                    outcomes[row.position] = outcome(row.changes.isEmpty() ? Result.UNCHANGED : Result.CHANGED, row);
                }
            }
            // Matching decrypted the stored records: a read, logged in a preview and a commit alike.
            log(AccessAction.READ, rows.stream().filter(r -> r.stored != null).map(r -> r.id).toList(), rows);
            if (!dryRun) {
                write(created, changed);
                log(AccessAction.CREATE, created.stream().map(r -> r.id).toList(), created);
                log(AccessAction.UPDATE, changed.stream().map(r -> r.id).toList(), changed);
            }
            return Arrays.asList(outcomes);
        }

        @Override
        public int markUnseenAsLeavers(LocalDate leavingDate) {
            List<UUID> leavers = new ArrayList<>();
            JdbcTemplate streaming = new JdbcTemplate(dataSource);
            streaming.setFetchSize(5_000); // a cursor, not every on-roll pupil in memory at once
            streaming.query("select id, upn_index from pupil where school_id = ? and upn_ct is not null and leaving_date is null",
                    rs -> {
                        if (!seen.contains(rs.getBytes(2))) {
                            leavers.add(rs.getObject(1, UUID.class));
                        }
                    }, school);
            // A restricted pupil missing from the file keeps their record as it is.
            leavers.removeAll(restrictions.unreachable(school, leavers, context.purpose()));
            if (!dryRun && !leavers.isEmpty()) {
                jdbc.sql("""
                                update pupil set leaving_date = ?, leaving_reason = 'ABSENT_FROM_FULL_FILE',
                                    version = version + 1, updated_at = ?
                                where school_id = ? and id = any (?)""")
                        .params(leavingDate, now(), school, leavers.toArray(UUID[]::new)).update();
                pendingEntries.add(AccessAction.UPDATE, leavers, List.of("leaving-date"));
            }
            return leavers.size();
        }

        private List<Row> validate(List<Incoming> pupils, Outcome[] outcomes) {
            List<Row> rows = new ArrayList<>(pupils.size());
            for (int i = 0; i < pupils.size(); i++) {
                Incoming incoming = pupils.get(i);
                List<Map<String, String>> errors = new ArrayList<>();
                PupilValidator.Valid valid = null;
                try {
                    valid = validator.validate(incoming.data(), enabled);
                } catch (ProblemException e) {
                    errors.addAll(e.errors());
                }
                LocalDate leavingDate = null;
                if (incoming.leavingDate() != null && !incoming.leavingDate().isBlank()) {
                    try {
                        leavingDate = LocalDate.parse(incoming.leavingDate().strip(), PupilValidator.ISO_DATE);
                    } catch (DateTimeParseException e) {
                        errors.add(PupilValidator.error("leavingDate", "invalid-date", "The leaving date must be a real date."));
                    }
                }
                if (!errors.isEmpty()) {
                    outcomes[i] = new Outcome(Result.INVALID, null, List.of(), List.of(), List.copyOf(errors));
                } else {
                    rows.add(new Row(i, valid, leavingDate, blindIndex.blindIndex(school, UPN, valid.upn())));
                }
            }
            return rows;
        }

        /** Drops (with an outcome) a UPN seen before in this file, and the UPNs of erased pupils. */
        private List<Row> withoutDuplicatesAndErased(List<Row> rows, Outcome[] outcomes) {
            byte[][] indexes = rows.stream().map(r -> r.upnIndex).toArray(byte[][]::new);
            Set<Key> erased = new java.util.HashSet<>(keys(erasedPupils.standingAmong(school, indexes)));
            erased.addAll(erasedUnderOlderKeys(rows));
            List<Row> kept = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Key key = new Key(row.upnIndex);
                if (!seen.add(row.upnIndex)) {
                    outcomes[row.position] = new Outcome(Result.DUPLICATE_IN_FILE, null, List.of(), List.of(),
                            List.of(PupilValidator.error("upn", "duplicate-upn", "Another pupil earlier in the file has the same UPN.")));
                } else if (erased.contains(key)) {
                    outcomes[row.position] = new Outcome(Result.PREVIOUSLY_ERASED, null, List.of(), List.of(),
                            List.of(PupilValidator.error("upn", "previously-erased",
                                    JdbcPupilRecords.PREVIOUSLY_ERASED_MESSAGE)));
                } else {
                    kept.add(row);
                }
            }
            return kept;
        }

        /** Drops (with an outcome) the rows that matched a pupil this import may not touch: their records stay as they are. */
        private List<Row> withoutRestricted(List<Row> rows, Outcome[] outcomes) {
            List<Row> kept = new ArrayList<>(rows.size());
            for (Row row : rows) {
                if (row.restricted) {
                    outcomes[row.position] = new Outcome(Result.RESTRICTED, row.id, List.of(), List.of(), List.of());
                } else {
                    kept.add(row);
                }
            }
            return kept;
        }

        /**
         * Erased pupils fingerprinted under a key the school has since rotated away from: their
         * fingerprints cannot be recomputed, so each UPN of the batch is fingerprinted under every key
         * the school kept. Returns the current-key indexes of the batch's rows that match one.
         */
        private Set<Key> erasedUnderOlderKeys(List<Row> rows) {
            if (rows.isEmpty() || !erasedPupils.anyUnderAnotherKey(school, indexKey)) {
                return Set.of();
            }
            Set<Key> found = new java.util.HashSet<>();
            List<List<byte[]>> fingerprints = blindIndex.fingerprintIndexes(school, UPN,
                    rows.stream().map(r -> r.pupil.upn()).toList());
            List<byte[]> all = fingerprints.stream().flatMap(List::stream).toList();
            Set<Key> stored = keys(erasedPupils.standingAmong(school, all.toArray(byte[][]::new)));
            for (int i = 0; i < rows.size(); i++) {
                if (fingerprints.get(i).stream().anyMatch(f -> stored.contains(new Key(f)))) {
                    found.add(new Key(rows.get(i).upnIndex));
                }
            }
            return found;
        }

        /** Finds and decrypts the stored records of the batch's UPNs (with the categories the file gives). */
        private void match(List<Row> rows) {
            if (rows.isEmpty()) {
                return;
            }
            Map<Key, Row> byIndex = new HashMap<>();
            rows.forEach(row -> byIndex.put(new Key(row.upnIndex), row));
            record Stored(JdbcPupilRecords.EncryptedRow row, byte[] upnIndex, LocalDate leavingDate, String leavingReason) {
                @Override
                public String toString() {
                    return "Stored[]";
                }
            }
            List<Stored> stored = jdbc.sql("select " + JdbcPupilRecords.COLUMNS + """
                            , upn_index, leaving_date, leaving_reason from pupil
                            where school_id = ? and upn_index = any (?) and upn_ct is not null""")
                    .params(school, rows.stream().map(r -> r.upnIndex).toArray(byte[][]::new))
                    .query((rs, n) -> new Stored(JdbcPupilRecords.row(rs, n), rs.getBytes("upn_index"),
                            rs.getObject("leaving_date", LocalDate.class), rs.getString("leaving_reason")))
                    .list();
            if (stored.isEmpty()) {
                return;
            }
            Set<UUID> untouchable = restrictions.unreachable(school,
                    stored.stream().map(s -> s.row().id()).toList(), context.purpose());
            List<UUID> ids = stored.stream().map(s -> s.row().id()).filter(id -> !untouchable.contains(id)).toList();
            Map<UUID, List<PupilRecord.SchoolClass>> classes = records.classesOf(school, ids);
            Map<UUID, Map<OptionalCategory, String>> categories = storedCategories(ids, rows);
            for (Stored s : stored) {
                Row row = byIndex.get(new Key(s.upnIndex()));
                UUID id = s.row().id();
                if (untouchable.contains(id)) {
                    // Neither decrypted nor compared: a restricted record is stored, not otherwise used.
                    row.id = id;
                    row.restricted = true;
                    continue;
                }
                row.stored = records.decrypt(school, s.row(), classes.getOrDefault(id, List.of()),
                        categories.getOrDefault(id, Map.of()));
                row.storedLeavingDate = s.leavingDate();
                row.storedLeavingReason = s.leavingReason();
            }
        }

        /** The stored values of the categories that the batch's pupils bring (the only ones compared). */
        private Map<UUID, Map<OptionalCategory, String>> storedCategories(List<UUID> ids, List<Row> rows) {
            Set<String> wanted = rows.stream().flatMap(r -> r.pupil.categories().keySet().stream())
                    .map(Enum::name).collect(Collectors.toSet());
            Map<UUID, Map<OptionalCategory, String>> values = new HashMap<>();
            if (wanted.isEmpty()) {
                return values;
            }
            jdbc.sql("""
                            select pupil_id, category, value_ct from pupil_category_value
                            where school_id = ? and pupil_id = any (?) and category = any (?)""")
                    .params(school, ids.toArray(UUID[]::new), wanted.toArray(String[]::new))
                    .query(rs -> {
                        UUID id = rs.getObject(1, UUID.class);
                        OptionalCategory category = OptionalCategory.valueOf(rs.getString(2));
                        values.computeIfAbsent(id, k -> new java.util.EnumMap<>(OptionalCategory.class)).put(category,
                                records.open(school, id, JdbcPupilRecords.categoryField(category), rs.getBytes(3)));
                    });
            return values;
        }

        /** Fields the file gives that differ from the stored record; fields the file leaves out stay as they are. */
        private List<String> differences(Row row) {
            PupilValidator.Valid in = row.pupil;
            PupilRecord old = row.stored;
            List<String> changes = new ArrayList<>();
            compare(changes, FORENAME, in.forename(), old.forename());
            compare(changes, SURNAME, in.surname(), old.surname());
            compare(changes, DATE_OF_BIRTH, in.dateOfBirth(), old.dateOfBirth());
            compare(changes, SEX, in.sex(), old.sex());
            if (in.admissionNumber() != null) {
                compare(changes, ADMISSION_NUMBER, in.admissionNumber(), old.admissionNumber());
            }
            if (in.ncYear() != null) {
                compare(changes, NC_YEAR, in.ncYear(), old.ncYear());
            }
            if (in.registrationGroup() != null) {
                compare(changes, "registration-group", in.registrationGroup(), old.registrationGroup());
            }
            if (!in.classes().isEmpty()) {
                compare(changes, "classes", new TreeSet<>(in.classes()), new TreeSet<>(teachingClasses(old)));
            }
            in.categories().forEach((category, value) ->
                    compare(changes, category.name(), value, old.categories().get(category)));
            LocalDate leaving = leavingDateAfter(row);
            compare(changes, "leaving-date", leaving, row.storedLeavingDate);
            return List.copyOf(changes);
        }

        /**
         * A date in the file wins; a pupil marked as a leaver only for missing from an earlier full
         * file, who is in this one without a date, has rejoined.
         */
        private LocalDate leavingDateAfter(Row row) {
            if (row.leavingDate != null) {
                return row.leavingDate;
            }
            return "ABSENT_FROM_FULL_FILE".equals(row.storedLeavingReason) ? null : row.storedLeavingDate;
        }

        private void write(List<Row> created, List<Row> changed) {
            if (created.isEmpty() && changed.isEmpty()) {
                return;
            }
            NewSubjectKeys keys = created.isEmpty() ? null
                    : subjectKeys.createNew(school, SubjectKind.PUPIL, created.stream().map(r -> r.id).toList());
            CopyRows stage = new CopyRows();
            created.forEach(row -> stageRow(stage, row, true, (field, value) -> keys.encryptString(row.id, field, value)));
            changed.forEach(row -> stageRow(stage, row, false,
                    (field, value) -> cipher.encryptString(school, row.id, field, value)));
            jdbc.sql("truncate import_stage").update();
            stage.copyInto(dataSource, "import_stage (" + STAGE_COLUMNS + ")");
            OffsetDateTime now = now();
            jdbc.sql("""
                            insert into pupil (school_id, id, created_at, updated_at, version, upn_ct, forename_ct, surname_ct,
                                date_of_birth_ct, admission_number_ct, sex_ct, nc_year_ct, upn_index, forename_index,
                                surname_index, leaving_date, leaving_reason, index_key_id)
                            select ?, id, ?, ?, 1, upn_ct, forename_ct, surname_ct, date_of_birth_ct, admission_number_ct,
                                sex_ct, nc_year_ct, upn_index, forename_index, surname_index, leaving_date, leaving_reason,
                                index_key_id
                            from import_stage where is_new""")
                    .params(school, now, now).update();
            jdbc.sql("""
                            update pupil p set upn_ct = s.upn_ct, forename_ct = s.forename_ct, surname_ct = s.surname_ct,
                                date_of_birth_ct = s.date_of_birth_ct, admission_number_ct = s.admission_number_ct,
                                sex_ct = s.sex_ct, nc_year_ct = s.nc_year_ct, forename_index = s.forename_index,
                                surname_index = s.surname_index, leaving_date = s.leaving_date,
                                leaving_reason = s.leaving_reason, index_key_id = s.index_key_id,
                                version = p.version + 1, updated_at = ?
                            from import_stage s where not s.is_new and p.school_id = ? and p.id = s.id""")
                    .params(now, school).update();
            writeCategories(created, keys, changed);
            writeClasses(Stream.concat(created.stream(), changed.stream()).toList());
        }

        /** The record as it will be stored: the file's values, and the stored ones where the file has none. */
        private void stageRow(CopyRows stage, Row row, boolean isNew, Sealer seal) {
            PupilValidator.Valid in = row.pupil;
            PupilRecord old = row.stored;
            String admissionNumber = in.admissionNumber() != null || old == null ? in.admissionNumber() : old.admissionNumber();
            String ncYear = in.ncYear() != null || old == null ? in.ncYear() : old.ncYear();
            LocalDate leaving = leavingDateAfter(row);
            String reason = leaving == null ? null : row.leavingDate != null ? "IN_FILE" : row.storedLeavingReason;
            stage.value(row.id).value(isNew)
                    .value(seal.seal(UPN, in.upn()))
                    .value(seal.seal(FORENAME, in.forename()))
                    .value(seal.seal(SURNAME, in.surname()))
                    .value(seal.seal(DATE_OF_BIRTH, in.dateOfBirth().toString()))
                    .value(admissionNumber == null ? null : seal.seal(ADMISSION_NUMBER, admissionNumber))
                    .value(seal.seal(SEX, in.sex().name()))
                    .value(ncYear == null ? null : seal.seal(NC_YEAR, ncYear))
                    .value(row.upnIndex)
                    .value(blindIndex.blindIndex(school, FORENAME, in.forename()))
                    .value(blindIndex.blindIndex(school, SURNAME, in.surname()))
                    .value(leaving).value(reason).value(indexKey)
                    .endRow();
        }

        /** Category values through a staging table: new pupils' by plain insert, changed ones' by upsert. */
        private void writeCategories(List<Row> created, NewSubjectKeys keys, List<Row> changed) {
            CopyRows stage = new CopyRows();
            for (Row row : created) {
                row.pupil.categories().forEach((category, value) -> stage.value(row.id).value(category.name())
                        .value(keys.encryptString(row.id, JdbcPupilRecords.categoryField(category), value))
                        .value(true).endRow());
            }
            for (Row row : changed) {
                row.pupil.categories().forEach((category, value) -> {
                    if (row.changes.contains(category.name())) {
                        stage.value(row.id).value(category.name())
                                .value(cipher.encryptString(school, row.id, JdbcPupilRecords.categoryField(category), value))
                                .value(false).endRow();
                    }
                });
            }
            if (stage.rows() == 0) {
                return;
            }
            jdbc.sql("truncate import_category_stage").update();
            stage.copyInto(dataSource, "import_category_stage (pupil_id, category, value_ct, is_new)");
            jdbc.sql("""
                            insert into pupil_category_value (school_id, pupil_id, category, value_ct)
                            select ?, pupil_id, category, value_ct from import_category_stage where is_new""")
                    .params(school).update();
            jdbc.sql("""
                            insert into pupil_category_value (school_id, pupil_id, category, value_ct)
                            select ?, pupil_id, category, value_ct from import_category_stage where not is_new
                            on conflict (school_id, pupil_id, category) do update set value_ct = excluded.value_ct""")
                    .params(school).update();
        }

        /** Registration groups and classes the file gives replace the pupil's; where it gives none they stay. */
        private void writeClasses(List<Row> rows) {
            replaceMemberships(rows, "REGISTRATION", row -> row.pupil.registrationGroup() == null ? List.of()
                    : List.of(row.pupil.registrationGroup()));
            replaceMemberships(rows, "TEACHING", row -> row.pupil.classes());
        }

        private void replaceMemberships(List<Row> rows, String kind, Function<Row, List<String>> codesOf) {
            List<UUID> pupils = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            Set<UUID> replaced = new LinkedHashSet<>();
            for (Row row : rows) {
                for (String code : codesOf.apply(row)) {
                    replaced.add(row.id);
                    pupils.add(row.id);
                    codes.add(code);
                }
            }
            if (replaced.isEmpty()) {
                return;
            }
            jdbc.sql("""
                            insert into school_class (school_id, id, kind, code)
                            select ?, gen_random_uuid(), ?, code from (select distinct unnest(?::text[]) as code) c
                            on conflict (school_id, kind, code) do nothing""")
                    .params(school, kind, codes.toArray(String[]::new)).update();
            jdbc.sql("""
                            delete from class_pupil m using school_class c
                            where m.school_id = ? and m.pupil_id = any (?) and c.school_id = m.school_id
                              and c.id = m.class_id and c.kind = ?""")
                    .params(school, replaced.toArray(UUID[]::new), kind).update();
            jdbc.sql("""
                            insert into class_pupil (school_id, class_id, pupil_id)
                            select distinct c.school_id, c.id, m.pupil from unnest(?::uuid[], ?::text[]) as m(pupil, code)
                            join school_class c on c.school_id = ? and c.kind = ? and c.code = m.code""")
                    .params(pupils.toArray(UUID[]::new), codes.toArray(String[]::new), school, kind).update();
        }

        private void log(AccessAction action, List<UUID> subjects, List<Row> rows) {
            if (subjects.isEmpty()) {
                return;
            }
            List<String> fields = Stream.concat(JdbcPupilRecords.MANDATORY_FIELDS.stream(),
                    rows.stream().flatMap(r -> r.pupil.categories().keySet().stream()).distinct().sorted()
                            .map(OptionalCategory::name)).toList();
            pendingEntries.add(action, subjects, fields);
        }

        /**
         * The import's access-log entries, kept (ids packed, 16 bytes a pupil) and appended just before
         * the transaction commits, in the same transaction: each entry carries the time the import's
         * changes became visible, not the time its batch was read minutes earlier.
         */
        private final class DeferredLog implements TransactionSynchronization {
            private record Entry(AccessAction action, long[] ids, List<String> fields) {
            }

            private final List<Entry> entries = new ArrayList<>();

            void add(AccessAction action, List<UUID> subjects, List<String> fields) {
                if (entries.isEmpty()) {
                    TransactionSynchronizationManager.registerSynchronization(this);
                }
                for (List<UUID> chunk : chunks(subjects)) {
                    long[] ids = new long[chunk.size() * 2];
                    for (int i = 0; i < chunk.size(); i++) {
                        ids[2 * i] = chunk.get(i).getMostSignificantBits();
                        ids[2 * i + 1] = chunk.get(i).getLeastSignificantBits();
                    }
                    entries.add(new Entry(action, ids, fields));
                }
            }

            @Override
            public void beforeCommit(boolean readOnly) {
                for (Entry entry : entries) {
                    List<UUID> subjects = new ArrayList<>(entry.ids().length / 2);
                    for (int i = 0; i < entry.ids().length; i += 2) {
                        subjects.add(new UUID(entry.ids()[i], entry.ids()[i + 1]));
                    }
                    records.append(context, school, entry.action(), subjects, entry.fields());
                }
                entries.clear();
            }
        }

        private Outcome outcome(Result result, Row row) {
            return new Outcome(result, row.id, row.changes, row.pupil.dropped(), List.of());
        }
    }

    private record CheckedBatch(Outcome[] outcomes, List<Row> rows) implements Checked {
    }

    /**
     * Ids of new pupils start with the time (as UUID version 7 does), so each batch's rows land next
     * to each other in every index keyed by pupil, instead of on random pages all over each tree.
     */
    private UUID newId() {
        long millis = clock.millis();
        long random = java.util.concurrent.ThreadLocalRandom.current().nextLong();
        long high = (millis << 16) | 0x7000L | (random >>> 52);
        long low = (java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    @FunctionalInterface
    private interface Sealer {
        byte[] seal(String field, String value);
    }

    private static void compare(List<String> changes, String field, Object incoming, Object stored) {
        if (!Objects.equals(incoming, stored)) {
            changes.add(field);
        }
    }

    private static List<String> teachingClasses(PupilRecord record) {
        return record.classes().stream().filter(c -> c.kind().equals("TEACHING")).map(PupilRecord.SchoolClass::code).toList();
    }

    private static List<List<UUID>> chunks(List<UUID> ids) {
        List<List<UUID>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += SUBJECTS_PER_ENTRY) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + SUBJECTS_PER_ENTRY)));
        }
        return chunks;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    /** Blind indexes as map keys (arrays compare by identity). */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(bytes, key.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private static Set<Key> keys(List<byte[]> indexes) {
        return indexes.stream().map(Key::new).collect(Collectors.toSet());
    }
}
