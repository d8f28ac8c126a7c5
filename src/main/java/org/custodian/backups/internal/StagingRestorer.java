package org.custodian.backups.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.backups.BackupKind;
import org.custodian.backups.SchoolRestore;
import org.custodian.crypto.ErasureLedger;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.RestoredKeys;
import org.custodian.crypto.SigningKeys;
import org.custodian.crypto.SubjectKeys;
import org.custodian.database.ScratchDatabases;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Restores one school from a backup into a new staging school of the live system, touching no other
 * school. The backups are verified and restored, with the restore command's own code, into a throw-away
 * pair of databases (the newest erasure ledger and purge list applied there); the school's records
 * are read there and decrypted with the restored keys; then, in one transaction of the live data,
 * the staging school is made (terminated from the start: out of service), the records are written
 * under it re-encrypted under its own new keys with its own blind indexes, both schools' access logs
 * are appended and the restore is recorded. A failure rolls all of that back and destroys the keys
 * made for the staging school (any left behind are orphans the key store sweeps); the throw-away
 * databases are always dropped.
 */
@Component
class StagingRestorer {

    private static final Logger log = LoggerFactory.getLogger(StagingRestorer.class);
    static final String PURPOSE = "BACKUP_RESTORE";
    private static final Pattern BACKUP_NAME = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}");

    private final ObjectProvider<ScratchDatabases> scratch;
    private final Restorer restorer;
    private final SigningKeys signingKeys;
    private final RestoredKeys restoredKeys;
    private final ErasureLedger ledger;
    private final SubjectKeys subjectKeys;
    private final StagingCopy copy;
    private final JdbcSchoolRestores restores;
    private final AccessLog accessLog;
    private final BackupProperties properties;
    private final TransactionTemplate transactions;
    private final Tenancy tenancy;
    private final Clock clock;

    StagingRestorer(ObjectProvider<ScratchDatabases> scratch, Restorer restorer, SigningKeys signingKeys,
                    RestoredKeys restoredKeys, ErasureLedger ledger, SubjectKeys subjectKeys, StagingCopy copy,
                    JdbcSchoolRestores restores, AccessLog accessLog, BackupProperties properties,
                    JdbcTransactionManager transactionManager, Tenancy tenancy, Clock clock) {
        this.scratch = scratch;
        this.restorer = restorer;
        this.signingKeys = signingKeys;
        this.restoredKeys = restoredKeys;
        this.ledger = ledger;
        this.subjectKeys = subjectKeys;
        this.copy = copy;
        this.restores = restores;
        this.accessLog = accessLog;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.tenancy = tenancy;
        this.clock = clock;
    }

    /** What to restore: a data backup's name, a key backup's name (null: the newest) and the school. */
    record Request(String dataBackup, String keyBackup, UUID schoolId) {
    }

    SchoolRestore restore(Request request, CustodianUser actor) {
        return restore(request, actor, step -> {
        });
    }

    /**
     * @param atStep told each step of the live copy as it is done ("school", "pupils", "children",
     *               "logged"); tests stand a failure in there
     */
    SchoolRestore restore(Request request, CustodianUser actor, Consumer<String> atStep) {
        if (actor == null || actor.role() != Role.PLATFORM_ADMIN) {
            throw ProblemException.forbidden("forbidden", "Only a platform admin may restore a school.");
        }
        if (request.schoolId() == null) {
            throw ProblemException.badRequest("invalid-school-restore", "Name the school to restore.");
        }
        Path data = backup(BackupKind.DATA, request.dataBackup());
        Path keys = request.keyBackup() == null || request.keyBackup().isBlank()
                ? BackupFiles.newest(properties.directory(), BackupKind.KEYS).orElseThrow(() -> ProblemException.notFound(
                        "backup-not-found", "There is no key backup to open the data backup with."))
                : backup(BackupKind.KEYS, request.keyBackup());
        String dataName = data.getFileName().toString();
        String keyName = keys.getFileName().toString();
        UUID id = UUID.randomUUID();
        Instant started = clock.instant();
        StagingCopy.LiveSchool source = copy.liveSchool(request.schoolId())
                .orElseThrow(() -> ProblemException.notFound("school-not-found", "There is no such school."));
        if (source.purged()) {
            throw refused(id, actor, started, dataName, keyName, request.schoolId(),
                    new ProblemException(HttpStatus.FORBIDDEN, "school-purged",
                    "The school is purged: its data stays deleted and nothing of it is restored."));
        }
        ScratchDatabases databases = scratch.getIfAvailable();
        if (databases == null) {
            throw refused(id, actor, started, dataName, keyName, request.schoolId(),
                    new ProblemException(HttpStatus.CONFLICT, "restore-needs-embedded-database",
                    "A school is restored through throw-away databases on the embedded PostgreSQL; with an external "
                            + "database, restore into a separate target with the restore command."));
        }
        StagingCopy.Records records;
        try (ScratchDatabases.Scratch target = databases.create()) {
            Restorer.Outcome outcome;
            try {
                outcome = restorer.restore(new Restorer.Request(data, keys, List.of(),
                        key -> signingKeys.publicKeys().stream().anyMatch(ours -> Arrays.equals(ours.publicKey(), key)),
                        target.data(), target.keys()));
            } catch (Restorer.Refused e) {
                throw refused(id, actor, started, dataName, keyName, request.schoolId(),
                        new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "backup-refused",
                        "The backups were refused: " + String.join("; ", e.reasons())));
            }
            StagingCopy.BackedUpSchool backedUp = copy.backedUpSchool(target.data(), request.schoolId());
            if (backedUp == StagingCopy.BackedUpSchool.ABSENT) {
                throw refused(id, actor, started, dataName, keyName, request.schoolId(),
                        new ProblemException(HttpStatus.CONFLICT, "school-not-in-backup",
                        "The data backup " + dataName + " holds no school with that id."));
            }
            if (backedUp == StagingCopy.BackedUpSchool.PURGED) {
                throw refused(id, actor, started, dataName, keyName, request.schoolId(),
                        new ProblemException(HttpStatus.FORBIDDEN, "school-purged",
                        "The school was purged: its data stays deleted and nothing of it is restored."));
            }
            FieldCipher restored = restoredKeys.open(target.keys().jdbcUrl(), target.keys().owner().username(),
                    target.keys().owner().password());
            records = copy.read(target.data(), request.schoolId(), restored);
            log.info("School-scoped restore {}: {} and {} restored into throw-away databases ({} notes)", id, outcome.dataBackup(),
                    outcome.keyBackup(), outcome.notes().size());
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(id, actor, started, dataName, keyName, request.schoolId(), e);
        }
        // Erased in the live system after the newest key backup: the restored ledger cannot know them.
        Set<UUID> erasedSince = ledger.erased(request.schoolId(),
                records.pupils().stream().map(StagingCopy.Pupil::id).toList());
        StagingCopy.Records kept = records.without(erasedSince);
        int leftOut = records.erasedInBackup() + erasedSince.size();
        UUID staging = UUID.randomUUID();
        try {
            return transactions.execute(status -> {
                copy.createStagingSchool(staging, source, started);
                atStep.accept("school");
                StagingCopy.Written written = copy.write(staging, kept, atStep);
                SchoolRestore.Counts counts = new SchoolRestore.Counts(written.pupils(), written.categoryValues(),
                        written.classes(), written.classMemberships(), written.restrictions(), written.objections(), leftOut);
                List<String> fields = List.of("restore.id:" + id, "restore.staging-school:" + staging,
                        "restore.source-school:" + request.schoolId(), "restore.pupils:" + counts.pupils(),
                        "restore.category-values:" + counts.categoryValues(), "restore.classes:" + counts.classes(),
                        "restore.left-out-erased:" + leftOut);
                // The source school's log: its backed-up records were read out (EXPORT) into the staging school.
                tenancy.inSchool(request.schoolId(), () -> accessLog.append(new AccessEntry(request.schoolId(), actor.id(),
                        actor.role().name(), List.of(), fields, AccessAction.EXPORT, PURPOSE, null, null, null)));
                tenancy.inSchool(staging, () -> accessLog.append(new AccessEntry(staging, actor.id(), actor.role().name(),
                        List.of(), fields, AccessAction.CREATE, PURPOSE, null, null, null)));
                atStep.accept("logged");
                SchoolRestore done = new SchoolRestore(id, actor.id(), started, clock.instant(), dataName, keyName,
                        request.schoolId(), staging, SchoolRestore.Outcome.RESTORED, counts, null);
                restores.record(done);
                return done;
            });
        } catch (RuntimeException e) {
            // The data rolled back; the staging school's keys (made first, in the key store) protect nothing.
            try {
                subjectKeys.destroySchool(staging);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw failed(id, actor, started, dataName, keyName, request.schoolId(), e);
        }
    }

    List<SchoolRestore> latest(int limit) {
        return restores.latest(limit);
    }

    private Path backup(BackupKind kind, String name) {
        if (name == null || !BACKUP_NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("invalid-backup-name",
                    "A backup is named by its start time and the start of its id, e.g. 20261207T013000Z-1a2b3c4d.");
        }
        Path folder = properties.directory().resolve(kind.folder()).resolve(name);
        if (!Files.isRegularFile(folder.resolve(Manifest.FILE))) {
            throw ProblemException.notFound("backup-not-found", "There is no complete " + kind.folder()
                    + " backup of that name in " + properties.directory() + ".");
        }
        return folder;
    }

    /** Records the refusal (nothing was written) and returns the problem to throw. */
    private ProblemException refused(UUID id, CustodianUser actor, Instant started, String data, String keys, UUID school,
                                     ProblemException problem) {
        restores.record(new SchoolRestore(id, actor.id(), started, clock.instant(), data, keys, school, null,
                SchoolRestore.Outcome.REFUSED, null, problem.getMessage()));
        log.warn("School-scoped restore {} refused: {}", id, problem.code());
        return problem;
    }

    private ProblemException failed(UUID id, CustodianUser actor, Instant started, String data, String keys, UUID school,
                                    RuntimeException e) {
        String reason = DefaultBackups.describe(e) + (e instanceof IllegalStateException && e.getMessage() != null
                ? " (" + e.getMessage() + ")" : "");
        try {
            restores.record(new SchoolRestore(id, actor.id(), started, clock.instant(), data, keys, school, null,
                    SchoolRestore.Outcome.FAILED, null, reason));
        } catch (RuntimeException recording) {
            e.addSuppressed(recording);
        }
        log.error("School-scoped restore {} failed; nothing of it was kept: {}", id, reason);
        ProblemException problem = new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "school-restore-failed",
                "The restore failed and nothing of it was kept: " + reason);
        problem.initCause(e);
        return problem;
    }

    static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/London"));
    }

    static Map<UUID, UUID> fresh(List<UUID> ids) {
        Map<UUID, UUID> map = new HashMap<>();
        Set<UUID> used = new HashSet<>();
        for (UUID id : ids) {
            UUID next;
            do {
                next = UUID.randomUUID();
            } while (!used.add(next));
            map.put(id, next);
        }
        return map;
    }
}
