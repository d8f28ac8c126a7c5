package org.custodian.backups.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.custodian.crypto.BlindIndex;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.NewSubjectKeys;
import org.custodian.crypto.PlatformCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.database.ScratchDatabases.Target;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rows a school-scoped restore copies: read from the restored throw-away data database (decrypted
 * with the restored keys) and written into the live one under the staging school (encrypted under
 * its own new keys, with its own blind indexes). The tables, as they are laid out by the pupils
 * module's migrations: {@code pupil}, {@code pupil_category_value}, {@code school_class} (the classes
 * the pupils belong to), {@code class_pupil}, {@code pupil_restriction}, {@code pupil_purpose_objection};
 * and the staging school's own {@code school} row.
 */
@Component
class StagingCopy {

    /** Each pupil column and the field name its ciphertext is bound to (the pupils module's names). */
    static final Map<String, String> PUPIL_FIELDS = orderedFields();
    /** The blind indexes the pupils module keeps ({@code upn_index}, …): the purpose is the field name. */
    static final List<String> PUPIL_INDEXES = List.of("upn", "forename", "surname");
    private static final String CONTACT_NAME = "school.contact-name", CONTACT_EMAIL = "school.contact-email";
    private static final int NAME_LENGTH = 200;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final SubjectKeys subjectKeys;
    private final BlindIndex blindIndex;
    private final PlatformCipher platformCipher;
    private final Clock clock;

    StagingCopy(JdbcClient jdbc, Tenancy tenancy, SubjectKeys subjectKeys, BlindIndex blindIndex,
                PlatformCipher platformCipher, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.subjectKeys = subjectKeys;
        this.blindIndex = blindIndex;
        this.platformCipher = platformCipher;
        this.clock = clock;
    }

    private static Map<String, String> orderedFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("upn_ct", "upn");
        fields.put("forename_ct", "forename");
        fields.put("surname_ct", "surname");
        fields.put("date_of_birth_ct", "date-of-birth");
        fields.put("admission_number_ct", "admission-number");
        fields.put("sex_ct", "sex");
        fields.put("nc_year_ct", "nc-year");
        return java.util.Collections.unmodifiableMap(fields);
    }

    /** The field name of an optional category's value (the pupils module's binding). */
    static String categoryField(String category) {
        return "category." + category;
    }

    // ---- the live school restored from

    record LiveSchool(UUID id, String name, String nation, String laCode, byte[] contactName, byte[] contactEmail,
                      boolean purged) {
        @Override
        public String toString() {
            return "LiveSchool[" + id + "]";
        }
    }

    Optional<LiveSchool> liveSchool(UUID schoolId) {
        return tenancy.asPlatform(() -> jdbc.sql("""
                        select id, name, nation, la_code, contact_name_ciphertext, contact_email_ciphertext, state
                        from school where id = ?""")
                .param(schoolId)
                .query((row, n) -> new LiveSchool(row.getObject("id", UUID.class), row.getString("name"),
                        row.getString("nation"), row.getString("la_code"), row.getBytes("contact_name_ciphertext"),
                        row.getBytes("contact_email_ciphertext"), "PURGED".equals(row.getString("state"))))
                .optional());
    }

    // ---- the restored (throw-away) data database

    enum BackedUpSchool { PRESENT, ABSENT, PURGED }

    /** Whether the backup holds the school, after the purge list was applied to it. */
    BackedUpSchool backedUpSchool(Target restored, UUID schoolId) {
        try (Connection connection = Restorer.connect(restored)) {
            scope(connection, schoolId);
            try (PreparedStatement statement = connection.prepareStatement("select state from school where id = ?")) {
                statement.setObject(1, schoolId);
                try (ResultSet result = statement.executeQuery()) {
                    BackedUpSchool found = !result.next() ? BackedUpSchool.ABSENT
                            : "PURGED".equals(result.getString(1)) ? BackedUpSchool.PURGED : BackedUpSchool.PRESENT;
                    connection.rollback();
                    return found;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the restored school (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /** A pupil's record, decrypted: personal data, held only while it is copied. */
    record Pupil(UUID id, Map<String, String> fields, long version, Instant createdAt, Instant updatedAt,
                 LocalDate leavingDate, String leavingReason) {
        @Override
        public String toString() {
            return "Pupil[" + id + "]";
        }
    }

    record CategoryValue(UUID pupilId, String category, String value) {
        @Override
        public String toString() {
            return "CategoryValue[" + category + "]";
        }
    }

    record SchoolClass(UUID id, String kind, String code) {
    }

    record ClassPupil(UUID classId, UUID pupilId) {
    }

    record Restriction(UUID pupilId, Instant since, UUID decidedBy, UUID rightsRequestId) {
    }

    record Objection(UUID pupilId, String purpose, String basis, Instant since, UUID decidedBy, UUID rightsRequestId) {
    }

    /** The school's records of the backup; {@code erasedInBackup}: rows left whose key the ledger destroyed. */
    record Records(List<Pupil> pupils, List<CategoryValue> categoryValues, List<SchoolClass> classes,
                   List<ClassPupil> memberships, List<Restriction> restrictions, List<Objection> objections,
                   int erasedInBackup) {

        /** Without the pupils named (and their child rows); classes left without pupils go too. */
        Records without(Set<UUID> pupilIds) {
            if (pupilIds.isEmpty()) {
                return this;
            }
            List<ClassPupil> keptMemberships = memberships.stream().filter(m -> !pupilIds.contains(m.pupilId())).toList();
            Set<UUID> classesUsed = new HashSet<>();
            keptMemberships.forEach(m -> classesUsed.add(m.classId()));
            return new Records(pupils.stream().filter(p -> !pupilIds.contains(p.id())).toList(),
                    categoryValues.stream().filter(v -> !pupilIds.contains(v.pupilId())).toList(),
                    classes.stream().filter(c -> classesUsed.contains(c.id())).toList(), keptMemberships,
                    restrictions.stream().filter(r -> !pupilIds.contains(r.pupilId())).toList(),
                    objections.stream().filter(o -> !pupilIds.contains(o.pupilId())).toList(), erasedInBackup);
        }
    }

    /**
     * The school's records in the restored database, decrypted with the restored keys. A pupil whose key
     * the ledger destroyed (the row itself remained) is left out with everything of theirs.
     */
    Records read(Target restored, UUID schoolId, FieldCipher restoredCipher) {
        List<Pupil> pupils = new ArrayList<>();
        List<CategoryValue> values = new ArrayList<>();
        List<SchoolClass> classes = new ArrayList<>();
        List<ClassPupil> memberships = new ArrayList<>();
        List<Restriction> restrictions = new ArrayList<>();
        List<Objection> objections = new ArrayList<>();
        Set<UUID> erased = new HashSet<>();
        try (Connection connection = Restorer.connect(restored)) {
            connection.setReadOnly(true);
            scope(connection, schoolId);
            try (PreparedStatement statement = connection.prepareStatement("select id, "
                    + String.join(", ", PUPIL_FIELDS.keySet())
                    + ", version, created_at, updated_at, leaving_date, leaving_reason from pupil where school_id = ? order by id")) {
                statement.setObject(1, schoolId);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        UUID id = row.getObject("id", UUID.class);
                        Map<String, String> fields = new LinkedHashMap<>();
                        try {
                            for (var column : PUPIL_FIELDS.entrySet()) {
                                byte[] ciphertext = row.getBytes(column.getKey());
                                if (ciphertext != null) {
                                    fields.put(column.getValue(), restoredCipher.decryptString(schoolId, id, column.getValue(), ciphertext));
                                }
                            }
                        } catch (SubjectErasedException e) {
                            erased.add(id);
                            continue;
                        }
                        Timestamp updated = row.getTimestamp("updated_at");
                        pupils.add(new Pupil(id, fields, row.getLong("version"), row.getTimestamp("created_at").toInstant(),
                                updated == null ? null : updated.toInstant(), row.getObject("leaving_date", LocalDate.class),
                                row.getString("leaving_reason")));
                    }
                }
            }
            Set<UUID> kept = new HashSet<>();
            pupils.forEach(p -> kept.add(p.id()));
            try (PreparedStatement statement = connection.prepareStatement(
                    "select pupil_id, category, value_ct from pupil_category_value where school_id = ? order by pupil_id, category")) {
                statement.setObject(1, schoolId);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        UUID pupil = row.getObject(1, UUID.class);
                        if (kept.contains(pupil)) {
                            String category = row.getString(2);
                            values.add(new CategoryValue(pupil, category,
                                    restoredCipher.decryptString(schoolId, pupil, categoryField(category), row.getBytes(3))));
                        }
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "select class_id, pupil_id from class_pupil where school_id = ? order by class_id, pupil_id")) {
                statement.setObject(1, schoolId);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        if (kept.contains(row.getObject(2, UUID.class))) {
                            memberships.add(new ClassPupil(row.getObject(1, UUID.class), row.getObject(2, UUID.class)));
                        }
                    }
                }
            }
            Set<UUID> classesUsed = new HashSet<>();
            memberships.forEach(m -> classesUsed.add(m.classId()));
            try (PreparedStatement statement = connection.prepareStatement(
                    "select id, kind, code from school_class where school_id = ? order by id")) {
                statement.setObject(1, schoolId);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        if (classesUsed.contains(row.getObject(1, UUID.class))) {
                            classes.add(new SchoolClass(row.getObject(1, UUID.class), row.getString(2), row.getString(3)));
                        }
                    }
                }
            }
            if (exists(connection, "pupil_restriction")) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "select pupil_id, since, decided_by, rights_request_id from pupil_restriction where school_id = ?")) {
                    statement.setObject(1, schoolId);
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            if (kept.contains(row.getObject(1, UUID.class))) {
                                restrictions.add(new Restriction(row.getObject(1, UUID.class), row.getTimestamp(2).toInstant(),
                                        row.getObject(3, UUID.class), row.getObject(4, UUID.class)));
                            }
                        }
                    }
                }
            }
            if (exists(connection, "pupil_purpose_objection")) {
                try (PreparedStatement statement = connection.prepareStatement("""
                        select pupil_id, purpose, basis, since, decided_by, rights_request_id from pupil_purpose_objection
                         where school_id = ?""")) {
                    statement.setObject(1, schoolId);
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            if (kept.contains(row.getObject(1, UUID.class))) {
                                objections.add(new Objection(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
                                        row.getTimestamp(4).toInstant(), row.getObject(5, UUID.class), row.getObject(6, UUID.class)));
                            }
                        }
                    }
                }
            }
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the restored school's records (SQLState " + e.getSQLState() + ")", e);
        }
        return new Records(pupils, values, classes, memberships, restrictions, objections, erased.size());
    }

    /** The restored database's owner is held to forced row-level security: it reads as the school. */
    private static void scope(Connection connection, UUID schoolId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select set_config('custodian.school_id', ?, true)")) {
            statement.setString(1, schoolId.toString());
            statement.execute();
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select to_regclass('public." + table + "') is not null")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    // ---- the live data database (the caller's transaction)

    /**
     * The staging school: terminated from the start (out of service), naming the school it was restored
     * from; its contact is the restored school's, re-encrypted under the staging school's id.
     */
    void createStagingSchool(UUID staging, LiveSchool source, Instant at) {
        String marker = "S" + staging.toString().replace("-", "").substring(0, 12);
        String name = "Staging copy of " + source.name();
        String contactName = platformCipher.decryptString(source.id(), CONTACT_NAME, source.contactName());
        String contactEmail = platformCipher.decryptString(source.id(), CONTACT_EMAIL, source.contactEmail());
        tenancy.asPlatform(() -> jdbc.sql("""
                        insert into school (id, urn, la_code, establishment_number, name, nation, contact_name_ciphertext,
                                            contact_email_ciphertext, state, termination_date, created_at, staging_of)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 'TERMINATED', ?, ?, ?)""")
                .params(staging, marker, source.laCode(), marker,
                        name.length() > NAME_LENGTH ? name.substring(0, NAME_LENGTH) : name, source.nation(),
                        platformCipher.encryptString(staging, CONTACT_NAME, contactName),
                        platformCipher.encryptString(staging, CONTACT_EMAIL, contactEmail),
                        StagingRestorer.today(clock), Timestamp.from(at), source.id())
                .update());
    }

    record Written(int pupils, int categoryValues, int classes, int classMemberships, int restrictions, int objections) {
    }

    /**
     * The records under the staging school: every pupil a new id and a new data key (made first, in the
     * key store; an orphan if this transaction rolls back), every field re-encrypted under it, the
     * blind indexes computed under the staging school's own key.
     */
    Written write(UUID staging, Records records, Consumer<String> atStep) {
        return tenancy.inSchool(staging, () -> {
            Map<UUID, UUID> ids = StagingRestorer.fresh(records.pupils().stream().map(Pupil::id).toList());
            int pupils = 0;
            NewSubjectKeys keys = records.pupils().isEmpty() ? null
                    : subjectKeys.createNew(staging, SubjectKind.PUPIL, List.copyOf(ids.values()));
            if (keys != null) {
                long indexKey = blindIndex.blindIndexKeyId(staging); // before the indexes it names
                for (Pupil pupil : records.pupils()) {
                    UUID id = ids.get(pupil.id());
                    List<Object> params = new ArrayList<>();
                    params.add(staging);
                    params.add(id);
                    for (String field : PUPIL_FIELDS.values()) {
                        String value = pupil.fields().get(field);
                        params.add(value == null ? null : keys.encryptString(id, field, value));
                    }
                    for (String purpose : PUPIL_INDEXES) {
                        String value = pupil.fields().get(purpose);
                        params.add(value == null ? null : blindIndex.blindIndex(staging, purpose, value));
                    }
                    params.add(pupil.fields().isEmpty() ? null : indexKey);
                    params.add(pupil.version());
                    params.add(Timestamp.from(pupil.createdAt()));
                    params.add(pupil.updatedAt() == null ? null : Timestamp.from(pupil.updatedAt()));
                    params.add(pupil.leavingDate());
                    params.add(pupil.leavingReason());
                    pupils += jdbc.sql("insert into pupil (school_id, id, " + String.join(", ", PUPIL_FIELDS.keySet())
                                    + ", upn_index, forename_index, surname_index, index_key_id, version, created_at, updated_at,"
                                    + " leaving_date, leaving_reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                            .params(params).update();
                }
                atStep.accept("pupils");
            }
            int values = 0;
            for (CategoryValue value : records.categoryValues()) {
                UUID id = ids.get(value.pupilId());
                values += jdbc.sql("insert into pupil_category_value (school_id, pupil_id, category, value_ct) values (?, ?, ?, ?)")
                        .params(staging, id, value.category(), keys.encryptString(id, categoryField(value.category()), value.value()))
                        .update();
            }
            int classes = 0;
            for (SchoolClass schoolClass : records.classes()) {
                classes += jdbc.sql("insert into school_class (school_id, id, kind, code) values (?, ?, ?, ?)")
                        .params(staging, schoolClass.id(), schoolClass.kind(), schoolClass.code()).update();
            }
            int memberships = 0;
            for (ClassPupil membership : records.memberships()) {
                memberships += jdbc.sql("insert into class_pupil (school_id, class_id, pupil_id) values (?, ?, ?)")
                        .params(staging, membership.classId(), ids.get(membership.pupilId())).update();
            }
            int restrictions = 0;
            for (Restriction restriction : records.restrictions()) {
                restrictions += jdbc.sql("""
                                insert into pupil_restriction (school_id, pupil_id, since, decided_by, rights_request_id)
                                values (?, ?, ?, ?, ?)""")
                        .params(staging, ids.get(restriction.pupilId()), Timestamp.from(restriction.since()),
                                restriction.decidedBy(), restriction.rightsRequestId()).update();
            }
            int objections = 0;
            for (Objection objection : records.objections()) {
                objections += jdbc.sql("""
                                insert into pupil_purpose_objection (school_id, pupil_id, purpose, basis, since, decided_by,
                                                                     rights_request_id)
                                values (?, ?, ?, ?, ?, ?, ?)""")
                        .params(staging, ids.get(objection.pupilId()), objection.purpose(), objection.basis(),
                                Timestamp.from(objection.since()), objection.decidedBy(), objection.rightsRequestId()).update();
            }
            atStep.accept("children");
            return new Written(pupils, values, classes, memberships, restrictions, objections);
        });
    }
}
