package org.custodian.schools.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.privacy.PersonName;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.IsaAcceptance;
import org.custodian.schools.IsaStatus;
import org.custodian.schools.IsaVersion;
import org.custodian.schools.PupilDataGate;
import org.custodian.schools.SchoolState;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Service
@EnableConfigurationProperties(IsaProperties.class)
class JdbcInformationSharingAgreements implements InformationSharingAgreements, PupilDataGate {

    private static final Logger log = LoggerFactory.getLogger(JdbcInformationSharingAgreements.class);

    private static final String ACCEPTANCE_COLUMNS = """
            a.id, a.school_id, a.isa_version_id, v.version, a.content_hash, a.accepted_by, a.signer_name_ciphertext,
            a.signer_role, a.accepted_at, a.source_ip""";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final SchoolAccess access;
    private final IsaProperties properties;
    private final Clock clock;
    private final FieldCipher cipher;
    private final SubjectKeys keys;

    JdbcInformationSharingAgreements(JdbcClient jdbc, Tenancy tenancy, SchoolAccess access,
                                     IsaProperties properties, Clock clock, FieldCipher cipher, SubjectKeys keys) {
        this.cipher = cipher;
        this.keys = keys;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.access = access;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public IsaVersion publish(String title, String body, CustodianUser actor) {
        if (actor != null && actor.role() != Role.PLATFORM_ADMIN) {
            throw ProblemException.forbidden("forbidden", "Only platform administrators can publish the agreement.");
        }
        if (title == null || title.isBlank() || title.length() > 200) {
            throw ProblemException.badRequest("invalid-isa-title", "The title must be 1 to 200 characters.");
        }
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("invalid-isa-body", "The agreement text must not be empty.");
        }
        String normalised = body.replace("\r\n", "\n").strip() + "\n";
        String hash = contentHash(normalised);
        return tenancy.asPlatform(() -> {
            // Serialises publishers so version numbers never collide.
            jdbc.sql("select pg_advisory_xact_lock(hashtext('isa_version'))").query(Object.class).single();
            if (jdbc.sql("select count(*) from isa_version where content_hash = ?").param(hash)
                    .query(Long.class).single() > 0) {
                throw ProblemException.conflict("isa-version-exists", "A version with exactly this text is already published.");
            }
            int version = jdbc.sql("select coalesce(max(version), 0) + 1 from isa_version").query(Integer.class).single();
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                    insert into isa_version (id, version, title, body, content_hash, published_at, published_by)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, version, title.strip(), normalised, hash, Timestamp.from(clock.instant()),
                            actor == null ? null : actor.id())
                    .update();
            return versionById(id).orElseThrow();
        });
    }

    @Override
    public Optional<IsaVersion> current() {
        return tenancy.asPlatform(() -> jdbc.sql("select * from isa_version order by version desc limit 1")
                .query(JdbcInformationSharingAgreements::mapVersion).optional());
    }

    @Override
    public List<IsaVersion> versions() {
        return tenancy.asPlatform(() -> jdbc.sql("select * from isa_version order by version desc")
                .query(JdbcInformationSharingAgreements::mapVersion).list());
    }

    @Override
    public IsaStatus status(UUID schoolId, CustodianUser actor) {
        return access.forSchool(actor, schoolId, () -> statusInScope(schoolId));
    }

    /** Must run in a scope that sees the school's rows. */
    private IsaStatus statusInScope(UUID schoolId) {
        IsaVersion current = current().orElse(null);
        IsaAcceptance latest = jdbc.sql("select " + ACCEPTANCE_COLUMNS + """
                         from isa_acceptance a join isa_version v on v.id = a.isa_version_id
                        where a.school_id = ? order by v.version desc, a.accepted_at desc limit 1""")
                .param(schoolId).query(this::mapAcceptance).optional().orElse(null);
        Instant graceEndsAt = current == null || latest == null ? null
                : graceEndsAt(current.version(), current.publishedAt(), latest.version());
        return new IsaStatus(current, latest, graceEndsAt);
    }

    /** While a school accepted only an earlier version, it may go on processing until the grace period ends. */
    private Instant graceEndsAt(int currentVersion, Instant publishedAt, int acceptedVersion) {
        if (acceptedVersion >= currentVersion) {
            return null;
        }
        Instant ends = publishedAt.plus(properties.reacceptanceGrace());
        return clock.instant().isBefore(ends) ? ends : null;
    }

    @Override
    public void requireProcessingAllowed(UUID schoolId) {
        requireAllowed(schoolId, false);
    }

    @Override
    public void requireReturnAllowed(UUID schoolId) {
        requireAllowed(schoolId, true);
    }

    private void requireAllowed(UUID schoolId, boolean returning) {
        if (schoolId == null) {
            throw ProblemException.forbidden("school-context-required", "Pupil data belongs to a school: "
                    + "this account acts for none.");
        }
        // One statement: this guard runs before every read of pupil data.
        Gate gate = tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select (select state from school where id = :school), cur.id, cur.version, cur.published_at,
                               acc.isa_version_id, acc.version
                        from (select 1) one
                        left join lateral (select id, version, published_at from isa_version
                                           order by version desc limit 1) cur on true
                        left join lateral (select a.isa_version_id, v.version
                                           from isa_acceptance a join isa_version v on v.id = a.isa_version_id
                                           where a.school_id = :school
                                           order by v.version desc, a.accepted_at desc limit 1) acc on true""")
                .param("school", schoolId)
                .query((rs, row) -> new Gate(rs.getString(1) == null ? null : SchoolState.valueOf(rs.getString(1)),
                        rs.getObject(2, UUID.class), rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, UUID.class), rs.getInt(6)))
                .single());
        if (gate.schoolState() == null) {
            throw SchoolAccess.schoolNotFound();
        }
        if (returning && gate.schoolState() == SchoolState.TERMINATED) {
            return; // the agreement ended with the contract; returning the data is what is left of it
        }
        if (!gate.schoolState().inService()) {
            throw outOfService(gate.schoolState());
        }
        if (!permitsProcessing(gate)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "isa-not-accepted",
                    gate.acceptedVersionId() == null
                            ? "The school has not accepted the Information Sharing Agreement; no pupil data can be "
                              + "processed until a school admin accepts it."
                            : "A new version of the Information Sharing Agreement was published and the grace period "
                              + "has ended; a school admin must accept the new version.");
        }
    }

    @Override
    public void requireProcessingAllowedUntilCommit(UUID schoolId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("The school is held in service for the caller's transaction");
        }
        if (schoolId != null) {
            // Conflicts with the transition's FOR UPDATE only; the gate's next statement reads the state as it is then.
            tenancy.inSchool(schoolId, () -> jdbc.sql("select 1 from school where id = ? for key share")
                    .param(schoolId).query(Integer.class).optional());
        }
        requireProcessingAllowed(schoolId);
    }

    /** Checked before the agreement: a terminated school that never accepted it is still terminated. */
    private static ProblemException outOfService(SchoolState state) {
        return state == SchoolState.PURGED
                ? new ProblemException(HttpStatus.FORBIDDEN, "school-purged",
                        "The school's use of Custodian has ended and its data has been deleted.")
                : new ProblemException(HttpStatus.FORBIDDEN, "school-terminated",
                        "The school's use of Custodian has ended: no pupil data can be imported, created, read or "
                        + "exported.");
    }

    /** The gate's view of a school: its state (null if unknown), the version in force and its latest accepted version. */
    private record Gate(SchoolState schoolState, UUID currentId, int currentVersion, OffsetDateTime publishedAt,
                        UUID acceptedVersionId, int acceptedVersion) {
    }

    private boolean permitsProcessing(Gate gate) {
        return gate.currentId() != null && gate.acceptedVersionId() != null
                && (gate.acceptedVersionId().equals(gate.currentId())
                    || graceEndsAt(gate.currentVersion(), gate.publishedAt().toInstant(), gate.acceptedVersion()) != null);
    }

    @Override
    public IsaAcceptance accept(UUID schoolId, String contentHash, String signerName, String signerRole,
                                String sourceIp, CustodianUser actor) {
        if (actor == null || actor.role() != Role.SCHOOL_ADMIN || !schoolId.equals(actor.schoolId())) {
            throw ProblemException.forbidden("forbidden", "Only an admin of this school can accept the agreement.");
        }
        PersonName signer;
        try {
            signer = new PersonName(signerName);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-signer-name", "Enter your full name (at most 200 characters).");
        }
        if (signerRole == null || signerRole.isBlank() || signerRole.length() > 100) {
            throw ProblemException.badRequest("invalid-signer-role",
                    "Enter your role at the school (at most 100 characters).");
        }
        return access.forSchool(actor, schoolId, () -> {
            IsaVersion current = current().orElseThrow(() -> ProblemException.conflict("isa-not-published",
                    "No Information Sharing Agreement has been published yet."));
            if (!current.contentHash().equals(contentHash)) {
                throw ProblemException.conflict("isa-version-stale", "That is not the current version of the "
                        + "agreement: read version " + current.version() + " and accept that one.");
            }
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                    insert into isa_acceptance (school_id, id, isa_version_id, content_hash, accepted_by,
                                                signer_name_ciphertext, signer_name_bound, signer_role, accepted_at,
                                                source_ip)
                    values (?, ?, ?, ?, ?, ?, true, ?, ?, ?)""")
                    .params(schoolId, id, current.id(), current.contentHash(), actor.id(),
                            encryptSigner(schoolId, actor.id(), id, signer.value()),
                            signerRole.strip(), Timestamp.from(clock.instant()), sourceIp)
                    .update();
            return loadAcceptance(schoolId, id).orElseThrow();
        });
    }

    @Override
    public List<IsaAcceptance> acceptances(UUID schoolId, CustodianUser actor) {
        return access.forSchool(actor, schoolId, () -> jdbc.sql("select " + ACCEPTANCE_COLUMNS + """
                         from isa_acceptance a join isa_version v on v.id = a.isa_version_id
                        where a.school_id = ? order by a.accepted_at desc""")
                .param(schoolId).query(this::mapAcceptance).list());
    }

    @Override
    public IsaAcceptance acceptance(UUID schoolId, UUID acceptanceId, CustodianUser actor) {
        return access.forSchool(actor, schoolId, () -> loadAcceptance(schoolId, acceptanceId))
                .orElseThrow(() -> ProblemException.notFound("isa-acceptance-not-found",
                        "There is no acceptance with that id for this school."));
    }

    @Override
    public String receipt(IsaAcceptance acceptance) {
        IsaVersion version = versionById(acceptance.isaVersionId()).orElseThrow();
        DateTimeFormatter format = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);
        return """
                Custodian - Information Sharing Agreement acceptance receipt

                Receipt id:        %s
                School id:         %s
                Agreement:         %s (version %d)
                Version hash:      %s
                Published:         %s
                Accepted by:       %s
                Role:              %s
                Account id:        %s
                Accepted at (UTC): %s
                From IP address:   %s
                """.formatted(acceptance.id(), acceptance.schoolId(), version.title(), version.version(),
                acceptance.contentHash(), format.format(version.publishedAt()), acceptance.signerName().value(),
                acceptance.signerRole(), acceptance.acceptedBy(), format.format(acceptance.acceptedAt()),
                acceptance.sourceIp());
    }

    private Optional<IsaAcceptance> loadAcceptance(UUID schoolId, UUID acceptanceId) {
        return jdbc.sql("select " + ACCEPTANCE_COLUMNS + """
                         from isa_acceptance a join isa_version v on v.id = a.isa_version_id
                        where a.school_id = ? and a.id = ?""")
                .params(schoolId, acceptanceId).query(this::mapAcceptance).optional();
    }

    private Optional<IsaVersion> versionById(UUID id) {
        return tenancy.asPlatform(() -> jdbc.sql("select * from isa_version where id = ?").param(id)
                .query(JdbcInformationSharingAgreements::mapVersion).optional());
    }

    static String contentHash(String normalisedBody) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalisedBody.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IsaVersion mapVersion(ResultSet row, int n) throws SQLException {
        return new IsaVersion(row.getObject("id", UUID.class), row.getInt("version"), row.getString("title"),
                row.getString("body"), row.getString("content_hash"), row.getTimestamp("published_at").toInstant());
    }

    /**
     * The signer is the accepting school admin: their name is encrypted under their own data key, so
     * erasing them erases it from every receipt (the receipt keeps their account id), and bound to the
     * acceptance, so it cannot be moved to another receipt of theirs.
     */
    byte[] encryptSigner(UUID schoolId, UUID signerId, UUID acceptanceId, String name) {
        keys.create(schoolId, signerId, SubjectKind.STAFF);
        return cipher.encryptString(schoolId, signerId, signerField(acceptanceId), name);
    }

    /** The field name, before names were bound to their acceptance ({@link #signerField}). */
    static final String SIGNER_NAME = "isa.signer-name";

    /** The field name the signer's name of acceptance {@code acceptanceId} is encrypted under. */
    static String signerField(UUID acceptanceId) {
        return FieldCipher.recordField(SIGNER_NAME, acceptanceId);
    }

    /** Shown instead of the name of a signer who has been erased. */
    static final String ERASED_SIGNER = "Erased signer";

    /** Shown instead of a signer's name that failed its integrity check (altered, or copied from another receipt). */
    static final String UNREADABLE_SIGNER = "Signer's name failed its integrity check";

    private IsaAcceptance mapAcceptance(ResultSet row, int n) throws SQLException {
        UUID schoolId = row.getObject("school_id", UUID.class);
        UUID signerId = row.getObject("accepted_by", UUID.class);
        UUID acceptanceId = row.getObject("id", UUID.class);
        byte[] signer = row.getBytes("signer_name_ciphertext");
        String signerName;
        try {
            signerName = signer == null ? ERASED_SIGNER
                    : cipher.decryptString(schoolId, signerId, signerField(acceptanceId), signer);
        } catch (SubjectErasedException e) {
            signerName = ERASED_SIGNER;
        } catch (CiphertextRejectedException e) {
            log.warn("The signer's name of agreement acceptance {} of school {} failed its integrity check",
                    acceptanceId, schoolId);
            signerName = UNREADABLE_SIGNER;
        }
        return new IsaAcceptance(acceptanceId, schoolId,
                row.getObject("isa_version_id", UUID.class), row.getInt("version"), row.getString("content_hash"),
                signerId, new PersonName(signerName),
                row.getString("signer_role"), row.getTimestamp("accepted_at").toInstant(), row.getString("source_ip"));
    }
}
