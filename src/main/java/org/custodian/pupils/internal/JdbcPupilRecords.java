package org.custodian.pupils.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.crypto.BlindIndex;
import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.StaffAccounts;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.pupils.Sex;
import org.custodian.pupils.SupportConsents;
import org.custodian.schools.PupilDataGate;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The purpose-bound data path: check purpose and reason, pass the agreement gate, then in one
 * school-scoped transaction touch the encrypted rows and append the access-log entry.
 */
@Component
class JdbcPupilRecords implements PupilRecords, org.custodian.pupils.PupilIndexes, org.custodian.pupils.PupilRetention {

    private static final Logger log = LoggerFactory.getLogger(JdbcPupilRecords.class);

    /** Field names: the associated data of each ciphertext, and what the access log records as touched. */
    static final String UPN = "upn", FORENAME = "forename", SURNAME = "surname", DATE_OF_BIRTH = "date-of-birth",
            ADMISSION_NUMBER = "admission-number", SEX = "sex", NC_YEAR = "nc-year";
    static final List<String> MANDATORY_FIELDS = List.of(UPN, FORENAME, SURNAME, DATE_OF_BIRTH, ADMISSION_NUMBER,
            SEX, NC_YEAR, "registration-group", "classes");
    static final String COLUMNS = """
            id, upn_ct, forename_ct, surname_ct, date_of_birth_ct, admission_number_ct, sex_ct, nc_year_ct,
            version, created_at, updated_at, leaving_date, leaving_reason""";

    /** The purpose under which the DPO re-admits a pupil erased earlier. */
    static final String READMISSION = "READMISSION";
    static final String ACCESS_LOG_REVIEW = org.custodian.pupils.ProcessingRegister.ACCESS_LOG_REVIEW;
    static final String PREVIOUSLY_ERASED_MESSAGE = "A pupil with this UPN was erased from the school's records. "
            + "The school's DPO must re-admit the pupil before they can be added again.";

    /** Leavers drop out of lists and exports (they stay readable by id until retention removes them). */
    /** The processing register's purpose for returning a school's data at the end of its contract. */
    static final String RETURN_PURPOSE = PupilRecords.RETURN_PURPOSE;

    static final String ON_ROLL = "(leaving_date is null or leaving_date > :today)";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final PupilDataGate gate;
    private final PurposeRules purposes;
    private final PupilValidator validator;
    private final CategorySettings categorySettings;
    private final FieldCipher cipher;
    private final BlindIndex blindIndex;
    private final SubjectKeys subjectKeys;
    private final AccessLog accessLog;
    private final StaffAccounts staffAccounts;
    private final Clock clock;
    private final PupilProperties properties;
    private final ErasedPupils erasedPupils;
    private final JdbcSubjectRestrictions restrictions;
    private final org.springframework.beans.factory.ObjectProvider<SupportConsents> supportConsents;

    JdbcPupilRecords(JdbcClient jdbc, Tenancy tenancy, PupilDataGate gate, PurposeRules purposes,
                     PupilValidator validator, CategorySettings categorySettings, FieldCipher cipher,
                     BlindIndex blindIndex, SubjectKeys subjectKeys, AccessLog accessLog, StaffAccounts staffAccounts,
                     Clock clock, PupilProperties properties, ErasedPupils erasedPupils,
                     JdbcSubjectRestrictions restrictions,
                     org.springframework.beans.factory.ObjectProvider<SupportConsents> supportConsents) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.gate = gate;
        this.purposes = purposes;
        this.validator = validator;
        this.categorySettings = categorySettings;
        this.cipher = cipher;
        this.blindIndex = blindIndex;
        this.subjectKeys = subjectKeys;
        this.accessLog = accessLog;
        this.staffAccounts = staffAccounts;
        this.clock = clock;
        this.properties = properties;
        this.erasedPupils = erasedPupils;
        this.restrictions = restrictions;
        this.supportConsents = supportConsents;
    }

    @Override
    public PupilRecord read(AccessContext context, UUID pupilId, Set<OptionalCategory> categories) {
        purposes.require(context, !categories.isEmpty());
        return inSchool(context, false, new Reach(false, categories), school -> {
            restrictions.require(context, school, pupilId);
            EncryptedRow row = jdbc.sql("select " + COLUMNS + " from pupil where school_id = ? and id = ?")
                    .params(school, pupilId).query(JdbcPupilRecords::row).optional()
                    .filter(EncryptedRow::complete)
                    .orElseThrow(JdbcPupilRecords::notFound);
            Map<OptionalCategory, String> values = categories.isEmpty() ? Map.of()
                    : categoryValues(school, pupilId, categories);
            PupilRecord record = decrypt(school, row, classesOf(school, List.of(pupilId)).getOrDefault(pupilId, List.of()),
                    values);
            List<String> fields = Stream.concat(MANDATORY_FIELDS.stream(),
                    categories.stream().sorted().map(OptionalCategory::name)).toList();
            append(context, school, AccessAction.READ, List.of(pupilId), fields);
            return record;
        });
    }

    @Override
    public PupilPage search(AccessContext context, PupilSearch search) {
        int size = search.size() <= 0 ? properties.defaultPageSize() : search.size();
        if (size > properties.maxPageSize() || search.page() < 0) {
            throw ProblemException.badRequest("invalid-page", "Pages start at 0 and hold at most "
                    + properties.maxPageSize() + " pupils.");
        }
        purposes.require(context, size > properties.bulkReadThreshold());
        return inSchool(context, school -> {
            StringBuilder where = new StringBuilder("school_id = :school and upn_ct is not null"
                    + (search.includeLeavers() ? "" : " and " + ON_ROLL));
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("school", school);
            params.put("today", today());
            if (search.upn() != null && !search.upn().isBlank()) {
                where.append(" and upn_index in (:upn)");
                params.put("upn", blindIndex.blindIndexes(school, UPN, search.upn().strip().toUpperCase(java.util.Locale.ROOT)));
            }
            if (search.name() != null && !search.name().isBlank()) {
                nameCondition(school, search.name(), where, params);
            }
            restrictions.narrow(where, params, context.purpose());
            long total = jdbc.sql("select count(*) from pupil where " + where).params(params).query(Long.class).single();
            params.put("limit", size);
            params.put("offset", (long) search.page() * size);
            List<PupilRecord> pupils = decryptedPupils(school, where + " order by created_at, id limit :limit offset :offset",
                    params);
            append(context, school, AccessAction.SEARCH, ids(pupils), MANDATORY_FIELDS);
            return new PupilPage(pupils, search.page(), size, total);
        });
    }

    /**
     * The names and UPNs of those of {@code ids} still on record, for the access-log review pages:
     * only these three fields are decrypted, and one READ entry names the pupils read. An id with
     * no record (erased) is left out.
     */
    Map<UUID, org.custodian.accesslog.PupilLabels.Label> labels(AccessContext context, Set<UUID> ids) {
        purposes.requireLabels(context);
        return readLabels(context, ids, false);
    }

    /** Names and UPNs for another module's page, under an ordinary purpose of the register. */
    Map<UUID, org.custodian.accesslog.PupilLabels.Label> names(AccessContext context, Set<UUID> ids) {
        purposes.require(context, false);
        return readLabels(context, ids, true);
    }

    /** {@code limited}: leave out the pupils the purpose may not reach (restricted, or objected to it). */
    private Map<UUID, org.custodian.accesslog.PupilLabels.Label> readLabels(AccessContext context, Set<UUID> asked,
                                                                             boolean limited) {
        if (asked.isEmpty()) {
            return Map.of();
        }
        return inSchool(context, school -> {
            Set<UUID> ids = limited ? restrictions.reachable(school, asked, context.purpose()) : asked;
            Map<UUID, org.custodian.accesslog.PupilLabels.Label> labels = new LinkedHashMap<>();
            if (ids.isEmpty()) {
                return labels;
            }
            jdbc.sql("""
                            select id, upn_ct, forename_ct, surname_ct from pupil
                            where school_id = :school and id in (:ids) and upn_ct is not null order by id""")
                    .param("school", school).param("ids", ids)
                    .query((rs, n) -> {
                        UUID id = rs.getObject("id", UUID.class);
                        labels.put(id, new org.custodian.accesslog.PupilLabels.Label(
                                open(school, id, FORENAME, rs.getBytes("forename_ct")) + " "
                                        + open(school, id, SURNAME, rs.getBytes("surname_ct")),
                                open(school, id, UPN, rs.getBytes("upn_ct"))));
                        return id;
                    }).list();
            if (!labels.isEmpty()) {
                append(context, school, AccessAction.READ, List.copyOf(labels.keySet()), List.of(UPN, FORENAME, SURNAME));
            }
            return labels;
        });
    }

    @Override
    public List<PupilRecord> export(AccessContext context) {
        purposes.require(context, true);
        // Returning the data at the end of the contract is the one export a terminated school may still make.
        boolean returning = RETURN_PURPOSE.equals(context.purpose());
        return inSchool(context, returning, Reach.READING, school -> {
            StringBuilder where = new StringBuilder("school_id = :school and upn_ct is not null and " + ON_ROLL);
            Map<String, Object> params = new LinkedHashMap<>(Map.of("school", school, "today", today()));
            restrictions.narrow(where, params, context.purpose());
            List<PupilRecord> pupils = decryptedPupils(school, where + " order by created_at, id", params);
            append(context, school, AccessAction.EXPORT, ids(pupils), MANDATORY_FIELDS);
            return pupils;
        });
    }

    /** The pupils the condition selects, decrypted (mandatory fields), with their classes. */
    private List<PupilRecord> decryptedPupils(UUID school, String condition, Map<String, Object> params) {
        List<EncryptedRow> rows = jdbc.sql("select " + COLUMNS + " from pupil where " + condition)
                .params(params).query(JdbcPupilRecords::row).list();
        Map<UUID, List<PupilRecord.SchoolClass>> classes = classesOf(school,
                rows.stream().map(EncryptedRow::id).toList());
        return rows.stream().map(row -> decrypt(school, row, classes.getOrDefault(row.id(), List.of()), Map.of()))
                .toList();
    }

    private static List<UUID> ids(List<PupilRecord> pupils) {
        return pupils.stream().map(PupilRecord::id).toList();
    }

    /** One word matches a forename or a surname; several also match "forename surname". */
    private void nameCondition(UUID school, String name, StringBuilder where, Map<String, Object> params) {
        String normalised = BlindIndex.normalise(name);
        // Every index of each term (two keys while the school's indexes are rebuilt after a rotation).
        where.append(" and (surname_index in (:whole_surname) or forename_index in (:whole_forename)");
        params.put("whole_surname", blindIndex.blindIndexes(school, SURNAME, normalised));
        params.put("whole_forename", blindIndex.blindIndexes(school, FORENAME, normalised));
        int space = normalised.indexOf(' ');
        if (space > 0) {
            where.append(" or (forename_index in (:first) and surname_index in (:rest))");
            params.put("first", blindIndex.blindIndexes(school, FORENAME, normalised.substring(0, space)));
            params.put("rest", blindIndex.blindIndexes(school, SURNAME, normalised.substring(space + 1)));
        }
        where.append(')');
    }

    @Override
    public WriteResult create(AccessContext context, PupilData data) {
        purposes.requireChange(context, false);
        return inSchool(context, false, Reach.writing(data), school -> {
            PupilValidator.Valid pupil = validator.validate(data, categorySettings.enabled(school));
            requireUpnFree(school, pupil.upn(), null);
            requireNotErased(school, pupil.upn());
            UUID id = UUID.randomUUID();
            subjectKeys.create(school, id, SubjectKind.PUPIL);
            var now = clock.instant().atOffset(ZoneOffset.UTC);
            Encrypted values = encrypt(school, id, pupil);
            uniqueUpn(() -> jdbc.sql("""
                            insert into pupil (school_id, id, created_at, updated_at, version, upn_ct, forename_ct,
                                surname_ct, date_of_birth_ct, admission_number_ct, sex_ct, nc_year_ct, upn_index,
                                forename_index, surname_index, index_key_id)
                            values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(Stream.concat(Stream.of(school, id, now, now), values.columns().stream()).toList())
                    .update());
            writeCategories(school, id, pupil.categories());
            writeClasses(school, id, pupil);
            append(context, school, AccessAction.CREATE, List.of(id), writtenFields(pupil));
            return new WriteResult(id, 1, pupil.dropped());
        });
    }

    @Override
    public WriteResult update(AccessContext context, UUID pupilId, long expectedVersion, PupilData data) {
        return replace(context, pupilId, expectedVersion, data, false);
    }

    @Override
    public WriteResult updateMandatory(AccessContext context, UUID pupilId, long expectedVersion, PupilData data) {
        if (!data.categories().isEmpty()) {
            throw new IllegalArgumentException("updateMandatory takes no optional categories");
        }
        return replace(context, pupilId, expectedVersion, data, true);
    }

    private WriteResult replace(AccessContext context, UUID pupilId, long expectedVersion, PupilData data,
                                boolean keepCategories) {
        purposes.requireChange(context, false);
        return inSchool(context, false, Reach.writing(data), school -> {
            restrictions.require(context, school, pupilId);
            long version = jdbc.sql("select version from pupil where school_id = ? and id = ? and upn_ct is not null for update")
                    .params(school, pupilId).query(Long.class).optional().orElseThrow(JdbcPupilRecords::notFound);
            if (version != expectedVersion) {
                throw new ProblemException(HttpStatus.PRECONDITION_FAILED, "version-mismatch",
                        "The pupil's record changed since you read it. Read it again, then make your change.");
            }
            Set<OptionalCategory> enabled = categorySettings.enabled(school);
            PupilValidator.Valid pupil = validator.validate(data, enabled);
            requireUpnFree(school, pupil.upn(), pupilId);
            requireNotErased(school, pupil.upn());
            Encrypted values = encrypt(school, pupilId, pupil);
            uniqueUpn(() -> jdbc.sql("""
                            update pupil set upn_ct = ?, forename_ct = ?, surname_ct = ?, date_of_birth_ct = ?,
                                admission_number_ct = ?, sex_ct = ?, nc_year_ct = ?, upn_index = ?, forename_index = ?,
                                surname_index = ?, index_key_id = ?, version = version + 1, updated_at = ?
                            where school_id = ? and id = ?""")
                    .params(Stream.concat(values.columns().stream(),
                            Stream.of(clock.instant().atOffset(ZoneOffset.UTC), school, pupilId)).toList())
                    .update());
            if (!keepCategories) {
                // A full replacement: an enabled category the new record leaves out is removed.
                jdbc.sql("delete from pupil_category_value where school_id = ? and pupil_id = ?")
                        .params(school, pupilId).update();
                writeCategories(school, pupilId, pupil.categories());
            }
            jdbc.sql("delete from class_pupil where school_id = ? and pupil_id = ?").params(school, pupilId).update();
            writeClasses(school, pupilId, pupil);
            append(context, school, AccessAction.UPDATE, List.of(pupilId), writtenFields(pupil));
            return new WriteResult(pupilId, version + 1, pupil.dropped());
        });
    }

    @Override
    public void erase(AccessContext context, UUID pupilId, UUID requestReference) {
        purposes.requireChange(context, true);
        inSchool(context, false, Reach.CHANGING, school -> {
            restrictions.require(context, school, pupilId);
            record Erased(byte[] upnIndex, Long indexKeyId) {
            }
            Erased erased = jdbc.sql("delete from pupil where school_id = ? and id = ? returning upn_index, index_key_id")
                    .params(school, pupilId)
                    .query((rs, n) -> new Erased(rs.getBytes(1), rs.getObject(2, Long.class)))
                    .optional().orElseThrow(JdbcPupilRecords::notFound);
            if (erased.upnIndex() != null) {
                // So that no create or import can bring the pupil back unnoticed (the DPO decides).
                erasedPupils.record(school, erased.upnIndex(), context.purpose(), erased.indexKeyId(), requestReference);
            }
            restrictions.forget(school, pupilId);
            append(context, school, AccessAction.ERASE, List.of(pupilId), List.of("record"));
            subjectKeys.destroy(school, pupilId);
            return null;
        });
    }

    // ---- PupilRetention

    @Override
    public List<Leaver> leaversBy(UUID schoolId, java.time.LocalDate leftOnOrBefore, java.util.Collection<UUID> except,
                                  int limit) {
        // A restricted pupil is kept past the period: restriction (Art 18) is often asked for exactly so
        // that the data survive for a legal claim.
        return tenancy.inSchool(schoolId, () -> jdbc.sql("select id, leaving_date from pupil"
                        + " where school_id = ? and leaving_date <= ? and not id = any (?)"
                        + " and not exists (select 1 from pupil_restriction r"
                        + " where r.school_id = pupil.school_id and r.pupil_id = pupil.id)"
                        + " order by leaving_date, id limit ?")
                .params(schoolId, leftOnOrBefore, except.toArray(UUID[]::new), limit)
                .query((rs, n) -> new Leaver(rs.getObject(1, UUID.class), rs.getObject(2, java.time.LocalDate.class)))
                .list());
    }

    /** Leavers whose date of birth one access-log entry covers: the batch decrypted together. */
    static final int BIRTH_DATE_BATCH = 500;

    @Override
    public List<Leaver> leaversBornBy(UUID schoolId, LocalDate bornOnOrBefore, Collection<UUID> except, int limit) {
        var context = new AccessContext(sweepActor(schoolId), PURPOSE, "The retention period ended", null, null);
        return tenancy.inSchool(schoolId, () -> {
            record Sealed(UUID id, LocalDate leavingDate, byte[] dateOfBirth) {
                @Override
                public String toString() {
                    return "Sealed[" + id + "]";
                }
            }
            List<Leaver> due = new ArrayList<>();
            UUID after = new UUID(0, 0); // the least uuid in PostgreSQL's order
            while (due.size() < limit) {
                // Leavers only (a pupil on roll is never deleted by retention), as leaversBy keeps restricted ones.
                List<Sealed> batch = jdbc.sql("""
                                select id, leaving_date, date_of_birth_ct from pupil
                                 where school_id = ? and leaving_date <= ? and date_of_birth_ct is not null
                                   and id > ? and not id = any (?)
                                   and not exists (select 1 from pupil_restriction r
                                                    where r.school_id = pupil.school_id and r.pupil_id = pupil.id)
                                 order by id limit ?""")
                        .params(schoolId, today(), after, except.toArray(UUID[]::new), BIRTH_DATE_BATCH)
                        .query((rs, n) -> new Sealed(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class),
                                rs.getBytes(3)))
                        .list();
                if (batch.isEmpty()) {
                    break;
                }
                // A read of personal data by the system: logged like any other, one entry per batch.
                append(context, schoolId, AccessAction.READ, batch.stream().map(Sealed::id).toList(),
                        List.of(DATE_OF_BIRTH));
                for (Sealed pupil : batch) {
                    LocalDate born = LocalDate.parse(open(schoolId, pupil.id(), DATE_OF_BIRTH, pupil.dateOfBirth()));
                    if (!born.isAfter(bornOnOrBefore) && due.size() < limit) {
                        due.add(new Leaver(pupil.id(), pupil.leavingDate()));
                    }
                }
                after = batch.get(batch.size() - 1).id();
            }
            return due;
        });
    }

    private static org.custodian.identity.CustodianUser sweepActor(UUID schoolId) {
        return new org.custodian.identity.CustodianUser(SWEEP_ACTOR, schoolId, "retention-sweep",
                "Retention sweep", org.custodian.identity.Role.DPO, false, false, null);
    }

    /**
     * As {@link #erase(AccessContext, UUID, UUID)} for a batch of leavers, without a person's
     * purpose check or the sharing gate (deleting is always allowed): rows, tombstones, one
     * access-log entry naming every pupil erased, then their data keys, with one statement each
     * step, in the caller's transaction when there is one.
     */
    @Override
    public List<UUID> eraseAtEndOfRetention(UUID schoolId, List<UUID> pupilIds) {
        if (pupilIds.isEmpty()) {
            return List.of();
        }
        var actor = new org.custodian.identity.CustodianUser(SWEEP_ACTOR, schoolId, "retention-sweep",
                "Retention sweep", org.custodian.identity.Role.DPO, false, false, null);
        var context = new AccessContext(actor, PURPOSE, "The retention period ended", null, null);
        return tenancy.inSchool(schoolId, () -> {
            record Erased(UUID id, byte[] upnIndex, Long indexKeyId) {
            }
            List<Erased> erased = jdbc.sql("delete from pupil where school_id = ? and id = any (?)"
                            + " returning id, upn_index, index_key_id")
                    .params(schoolId, pupilIds.toArray(UUID[]::new))
                    .query((rs, n) -> new Erased(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getObject(3, Long.class)))
                    .list();
            if (erased.isEmpty()) {
                return List.<UUID>of();
            }
            List<Erased> indexed = erased.stream().filter(e -> e.upnIndex() != null).toList();
            erasedPupils.recordAll(schoolId, indexed.stream().map(Erased::upnIndex).toList(),
                    indexed.stream().map(Erased::indexKeyId).toList(), PURPOSE);
            List<UUID> ids = erased.stream().map(Erased::id).toList();
            restrictions.forgetAll(schoolId, ids);
            append(context, schoolId, AccessAction.ERASE, ids, List.of("record"));
            subjectKeys.destroyAll(schoolId, ids);
            return ids;
        });
    }

    @Override
    public List<Expired> expireTombstones(UUID schoolId, java.time.Instant erasedBefore) {
        return tenancy.inSchool(schoolId, () -> {
            // Same transaction and cut-off as the expiry itself, so the list is what it deletes.
            List<Expired> doomed = jdbc.sql("select id, erased_at from erased_pupil where school_id = ? and erased_at < ?")
                    .params(schoolId, erasedBefore.atOffset(java.time.ZoneOffset.UTC))
                    .query((rs, n) -> new Expired(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()))
                    .list();
            int expired = erasedPupils.expire(schoolId, erasedBefore);
            if (expired != doomed.size()) {
                throw new IllegalStateException("Tombstones changed during their expiry");
            }
            return doomed;
        });
    }

    @Override
    public void requireErasable(AccessContext context, UUID pupilId) {
        purposes.requireChange(context, true);
        inSchool(context, false, Reach.CHANGING, school -> jdbc.sql("select id from pupil where school_id = ? and id = ?")
                .params(school, pupilId).query(UUID.class).optional().orElseThrow(JdbcPupilRecords::notFound));
    }

    @Override
    public void readmit(AccessContext context, String upn) {
        purposes.require(context, true);
        if (!READMISSION.equals(context.purpose())) {
            throw ProblemException.forbidden("purpose-not-allowed",
                    "An erased pupil is re-admitted only under the purpose " + READMISSION + ".");
        }
        String normalised = upn == null ? null : upn.strip().toUpperCase(java.util.Locale.ROOT);
        if (!org.custodian.pupils.Upn.isValid(normalised)) {
            throw ProblemException.badRequest("invalid-upn", "The UPN must be 13 characters with a correct check letter.");
        }
        inSchool(context, school -> {
            // Under every key the school kept: a tombstone's fingerprint outlives a blind-index rotation.
            List<byte[]> fingerprints = blindIndex.fingerprintIndexes(school, UPN, List.of(normalised)).get(0);
            UUID tombstone = erasedPupils.readmit(school, fingerprints, context.actor().id()).orElseThrow(() -> ProblemException.notFound("not-erased",
                    "No pupil with that UPN is recorded as erased at your school, or they were re-admitted already."));
            append(context, school, AccessAction.READMIT, List.of(tombstone), List.of("erased-pupil"));
            return null;
        });
    }

    // ---- PupilIndexes

    @Override
    public int reindex(UUID schoolId, int batchSize) {
        return tenancy.inSchool(schoolId, () -> reindexRows(schoolId, batchSize, " for update skip locked"));
    }

    /** Re-indexes every pupil still under an older key, waiting for rows others hold (an import must match them all). */
    void reindexAll(UUID schoolId) {
        while (reindexRows(schoolId, 1_000, " for update") > 0) {
            // next batch
        }
    }

    private int reindexRows(UUID school, int batchSize, String locking) {
        long key = blindIndex.blindIndexKeyId(school); // before the indexes it names
        record Stale(UUID id, byte[] upn, byte[] forename, byte[] surname) {
            @Override
            public String toString() {
                return "Stale[" + id + "]";
            }
        }
        List<Stale> rows = jdbc.sql("""
                select id, upn_ct, forename_ct, surname_ct from pupil
                where school_id = ? and upn_ct is not null and index_key_id is distinct from ?
                order by id limit ?""" + locking)
                .params(school, key, batchSize)
                .query((rs, n) -> new Stale(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4)))
                .list();
        for (Stale row : rows) {
            String upn = cipher.decryptString(school, row.id(), UPN, row.upn());
            String forename = cipher.decryptString(school, row.id(), FORENAME, row.forename());
            String surname = cipher.decryptString(school, row.id(), SURNAME, row.surname());
            jdbc.sql("""
                    update pupil set upn_index = ?, forename_index = ?, surname_index = ?, index_key_id = ?
                    where school_id = ? and id = ?""")
                    .params(blindIndex.blindIndex(school, UPN, upn), blindIndex.blindIndex(school, FORENAME, forename),
                            blindIndex.blindIndex(school, SURNAME, surname), key, school, row.id())
                    .update();
        }
        return rows.size();
    }

    @Override
    public long awaitingReindex(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select count(*) from pupil
                        where school_id = ? and upn_ct is not null and index_key_id is distinct from ?""")
                .params(schoolId, blindIndex.blindIndexKeyId(schoolId)).query(Long.class).single());
    }

    @Override
    public long fingerprintsUnderOlderKeys(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> erasedPupils.countUnderAnotherKey(schoolId,
                blindIndex.blindIndexKeyId(schoolId)));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(java.time.ZoneId.of("Europe/London")));
    }

    /** What an access reaches, as a support engineer's consent must cover it: a change or not, and which categories. */
    private record Reach(boolean change, Set<OptionalCategory> categories) {
        static final Reach READING = new Reach(false, Set.of());
        static final Reach CHANGING = new Reach(true, Set.of());

        /** A write reaches the categories it carries (a name that is no category is refused by validation). */
        static Reach writing(PupilData data) {
            Set<OptionalCategory> named = java.util.EnumSet.noneOf(OptionalCategory.class);
            for (OptionalCategory category : OptionalCategory.values()) {
                if (data.categories().containsKey(category.name())) {
                    named.add(category);
                }
            }
            return new Reach(true, named);
        }
    }

    private <T> T inSchool(AccessContext context, java.util.function.Function<UUID, T> work) {
        return inSchool(context, false, Reach.READING, work);
    }

    private <T> T inSchool(AccessContext context, boolean returning, Reach reach,
                           java.util.function.Function<UUID, T> work) {
        UUID school = context.actor().schoolId();
        boolean support = school == null && context.actor().role() == org.custodian.identity.Role.SUPPORT
                && context.supportedSchool() != null;
        if (support) {
            school = context.supportedSchool();
        } else if (school == null) {
            throw ProblemException.forbidden("support-consent-required",
                    "Platform staff reach a school's pupil data only with the school's time-boxed consent.");
        }
        UUID scoped = school;
        return tenancy.inSchool(scoped, () -> {
            if (support) {
                // Asked on every access, inside its transaction: revocation and expiry refuse the next request.
                SupportConsents consents = supportConsents.getIfAvailable();
                if (consents == null) {
                    throw ProblemException.forbidden("support-consent-required",
                            "Platform staff reach a school's pupil data only with the school's time-boxed consent.");
                }
                consents.require(context.actor(), scoped, reach.change(), reach.categories());
            }
            if (returning) {
                gate.requireReturnAllowed(scoped);
            } else {
                gate.requireProcessingAllowed(scoped);
            }
            return work.apply(scoped);
        });
    }

    private void requireUpnFree(UUID school, String upn, UUID except) {
        boolean taken = jdbc.sql("select exists (select 1 from pupil where school_id = ? and upn_index = any (?) and id <> ?)")
                .params(school, blindIndex.blindIndexes(school, UPN, upn).toArray(byte[][]::new),
                        except == null ? new UUID(0, 0) : except)
                .query(Boolean.class).single();
        if (taken) {
            throw upnTaken();
        }
    }

    /** Two writers racing for one UPN: the unique index decides, and the loser gets the same refusal. */
    private static void uniqueUpn(Supplier<Integer> write) {
        try {
            write.get();
        } catch (DuplicateKeyException e) {
            throw upnTaken();
        }
    }

    /** An erased pupil comes back only once the DPO has re-admitted them. */
    private void requireNotErased(UUID school, String upn) {
        if (erasedPupils.standingAny(school, blindIndex.fingerprintIndexes(school, UPN, List.of(upn)).get(0))) {
            throw previouslyErased();
        }
    }

    static ProblemException previouslyErased() {
        return ProblemException.conflict("previously-erased", PREVIOUSLY_ERASED_MESSAGE);
    }

    private static ProblemException upnTaken() {
        return ProblemException.conflict("upn-exists", "Another pupil at this school already has that UPN.");
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("pupil-not-found", "There is no such pupil at your school.");
    }

    private record Encrypted(List<Object> columns) {
    }

    private Encrypted encrypt(UUID school, UUID id, PupilValidator.Valid pupil) {
        long indexKey = blindIndex.blindIndexKeyId(school); // before the indexes it names
        List<Object> columns = new ArrayList<>();
        columns.add(seal(school, id, UPN, pupil.upn()));
        columns.add(seal(school, id, FORENAME, pupil.forename()));
        columns.add(seal(school, id, SURNAME, pupil.surname()));
        columns.add(seal(school, id, DATE_OF_BIRTH, pupil.dateOfBirth().toString()));
        columns.add(seal(school, id, ADMISSION_NUMBER, pupil.admissionNumber()));
        columns.add(seal(school, id, SEX, pupil.sex().name()));
        columns.add(seal(school, id, NC_YEAR, pupil.ncYear()));
        columns.add(blindIndex.blindIndex(school, UPN, pupil.upn()));
        columns.add(blindIndex.blindIndex(school, FORENAME, pupil.forename()));
        columns.add(blindIndex.blindIndex(school, SURNAME, pupil.surname()));
        columns.add(indexKey);
        return new Encrypted(columns);
    }

    private byte[] seal(UUID school, UUID id, String field, String value) {
        return value == null ? null : cipher.encryptString(school, id, field, value);
    }

    private void writeCategories(UUID school, UUID id, Map<OptionalCategory, String> categories) {
        categories.forEach((category, value) -> jdbc.sql("""
                        insert into pupil_category_value (school_id, pupil_id, category, value_ct) values (?, ?, ?, ?)""")
                .params(school, id, category.name(), cipher.encryptString(school, id, categoryField(category), value))
                .update());
    }

    static String categoryField(OptionalCategory category) {
        return "category." + category.name();
    }

    private void writeClasses(UUID school, UUID id, PupilValidator.Valid pupil) {
        if (pupil.registrationGroup() != null) {
            joinClass(school, id, "REGISTRATION", pupil.registrationGroup());
        }
        pupil.classes().forEach(code -> joinClass(school, id, "TEACHING", code));
    }

    private void joinClass(UUID school, UUID pupil, String kind, String code) {
        jdbc.sql("""
                        insert into school_class (school_id, id, kind, code) values (?, ?, ?, ?)
                        on conflict (school_id, kind, code) do nothing""")
                .params(school, UUID.randomUUID(), kind, code).update();
        jdbc.sql("""
                        insert into class_pupil (school_id, class_id, pupil_id)
                        select school_id, id, ? from school_class where school_id = ? and kind = ? and code = ?""")
                .params(pupil, school, kind, code).update();
    }

    private static List<String> writtenFields(PupilValidator.Valid pupil) {
        return Stream.concat(MANDATORY_FIELDS.stream(), pupil.categories().keySet().stream().map(OptionalCategory::name))
                .toList();
    }

    private Map<OptionalCategory, String> categoryValues(UUID school, UUID id, Set<OptionalCategory> wanted) {
        Map<OptionalCategory, String> values = new EnumMap<>(OptionalCategory.class);
        jdbc.sql("select category, value_ct from pupil_category_value where school_id = ? and pupil_id = ?")
                .params(school, id)
                .query((rs, n) -> Map.entry(OptionalCategory.valueOf(rs.getString(1)), rs.getBytes(2))).list()
                .stream().filter(entry -> wanted.contains(entry.getKey()))
                .forEach(entry -> values.put(entry.getKey(),
                        open(school, id, categoryField(entry.getKey()), entry.getValue())));
        return values;
    }

    /** Classes and registration groups of the given pupils, with their staff's names. */
    Map<UUID, List<PupilRecord.SchoolClass>> classesOf(UUID school, Collection<UUID> pupils) {
        if (pupils.isEmpty()) {
            return Map.of();
        }
        record Membership(UUID pupil, UUID classId, String code, String kind, UUID staff, String duty) {
        }
        List<Membership> rows = jdbc.sql("""
                        select p.pupil_id, c.id, c.code, c.kind, s.staff_id, s.duty
                        from class_pupil p
                        join school_class c on c.school_id = p.school_id and c.id = p.class_id
                        left join class_staff s on s.school_id = c.school_id and s.class_id = c.id
                        where p.school_id = ? and p.pupil_id = any (?)
                        order by c.kind, c.code, s.duty, s.staff_id""")
                .params(school, pupils.toArray(UUID[]::new))
                .query((rs, n) -> new Membership(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6)))
                .list();
        Map<UUID, String> names = staffAccounts.displayNames(school,
                rows.stream().map(Membership::staff).filter(java.util.Objects::nonNull).distinct().toList());
        Map<UUID, Map<UUID, ClassBuilder>> byPupil = new LinkedHashMap<>();
        for (Membership row : rows) {
            ClassBuilder builder = byPupil.computeIfAbsent(row.pupil(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(row.classId(), c -> new ClassBuilder(row.code(), row.kind()));
            if (row.staff() != null) {
                var staff = new PupilRecord.Staff(row.staff(), names.getOrDefault(row.staff(), "Former member of staff"));
                ("TEACHER".equals(row.duty()) ? builder.teachers : builder.supervisors).add(staff);
            }
        }
        Map<UUID, List<PupilRecord.SchoolClass>> result = new LinkedHashMap<>();
        byPupil.forEach((pupil, classes) -> result.put(pupil, classes.values().stream().map(ClassBuilder::build).toList()));
        return result;
    }

    private static final class ClassBuilder {
        private final String code;
        private final String kind;
        private final List<PupilRecord.Staff> teachers = new ArrayList<>();
        private final List<PupilRecord.Staff> supervisors = new ArrayList<>();

        ClassBuilder(String code, String kind) {
            this.code = code;
            this.kind = kind;
        }

        PupilRecord.SchoolClass build() {
            return new PupilRecord.SchoolClass(code, kind, List.copyOf(teachers), List.copyOf(supervisors));
        }
    }

    PupilRecord decrypt(UUID school, EncryptedRow row, List<PupilRecord.SchoolClass> classes,
                                Map<OptionalCategory, String> categories) {
        UUID id = row.id();
        String registrationGroup = classes.stream().filter(c -> c.kind().equals("REGISTRATION"))
                .map(PupilRecord.SchoolClass::code).findFirst().orElse(null);
        String ncYear = row.ncYear() == null ? null : open(school, id, NC_YEAR, row.ncYear());
        String admissionNumber = row.admissionNumber() == null ? null : open(school, id, ADMISSION_NUMBER, row.admissionNumber());
        return new PupilRecord(id, open(school, id, UPN, row.upn()), open(school, id, FORENAME, row.forename()),
                open(school, id, SURNAME, row.surname()), LocalDate.parse(open(school, id, DATE_OF_BIRTH, row.dateOfBirth())),
                admissionNumber, Sex.valueOf(open(school, id, SEX, row.sex())), ncYear, registrationGroup,
                classes, categories, row.version(), row.createdAt(), row.updatedAt(), row.leavingDate(),
                row.leavingReason());
    }

    String open(UUID school, UUID id, String field, byte[] ciphertext) {
        try {
            return cipher.decryptString(school, id, field, ciphertext);
        } catch (SubjectErasedException e) {
            throw new ProblemException(HttpStatus.GONE, "pupil-erased", "This pupil's data has been erased.");
        } catch (CiphertextRejectedException e) {
            log.warn("A pupil record failed its integrity check: school {}, pupil {}, field {}", school, id, field);
            throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "record-integrity-failure",
                    "This pupil's record failed its integrity check and cannot be shown. The operators have been alerted.");
        }
    }

    void append(AccessContext context, UUID school, AccessAction action, List<UUID> subjects, List<String> fields) {
        accessLog.append(new AccessEntry(school, context.actor().id(), context.actor().role().name(), subjects, fields,
                action, context.purpose(), context.reason(), context.requestId(), context.sourceIp()));
    }

    record EncryptedRow(UUID id, byte[] upn, byte[] forename, byte[] surname, byte[] dateOfBirth,
                                byte[] admissionNumber, byte[] sex, byte[] ncYear, long version,
                                java.time.Instant createdAt, java.time.Instant updatedAt, LocalDate leavingDate,
                                String leavingReason) {
        /** Rows from before this module stored records (bare ids) are not pupils yet. */
        boolean complete() {
            return upn != null;
        }

        @Override
        public String toString() {
            return "EncryptedRow[id=" + id + ", version=" + version + "]";
        }
    }

    static EncryptedRow row(ResultSet rs, int n) throws SQLException {
        var updated = rs.getTimestamp("updated_at");
        return new EncryptedRow(rs.getObject("id", UUID.class), rs.getBytes("upn_ct"), rs.getBytes("forename_ct"),
                rs.getBytes("surname_ct"), rs.getBytes("date_of_birth_ct"), rs.getBytes("admission_number_ct"),
                rs.getBytes("sex_ct"), rs.getBytes("nc_year_ct"), rs.getLong("version"),
                rs.getTimestamp("created_at").toInstant(), updated == null ? null : updated.toInstant(),
                rs.getObject("leaving_date", LocalDate.class), rs.getString("leaving_reason"));
    }
}
