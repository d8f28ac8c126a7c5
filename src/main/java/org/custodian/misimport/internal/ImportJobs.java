package org.custodian.misimport.internal;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.custodian.crypto.SealedFiles;
import org.custodian.identity.CustodianUser;
import org.custodian.misimport.MisImports;
import org.custodian.identity.Role;
import org.custodian.identity.StaffAccounts;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilImports;
import org.custodian.pupils.SchoolClasses;
import org.custodian.schools.PupilDataGate;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports as background jobs. An upload is encrypted to disk, then previewed (a dry run of the whole
 * import, committed only for its access-log entries); a commit runs the same pass for real in ONE
 * transaction, so a failure or a killed process leaves the school's data as it was. Progress is
 * written in separate short transactions, so any instance can show it.
 */
@Component
@EnableConfigurationProperties(ImportProperties.class)
class ImportJobs implements MisImports, SchedulingConfigurer, DisposableBean {

    static final String PURPOSE = "DATA_MANAGEMENT";
    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
    /** How much of an upload is read to find a CTF's header before it is stored: far more than a real header needs. */
    static final int HEADER_WINDOW = 1024 * 1024;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final TransactionTemplate separately;
    private final SealedFiles sealedFiles;
    private final PupilImports pupilImports;
    private final PupilDataGate gate;
    private final Schools schools;
    private final ImportProperties properties;
    private final Clock clock;
    private final JsonMapper json;
    private final ObjectProvider<ImportFaults> faults;
    private final StaffAccounts staffAccounts;
    private final SchoolClasses classes;
    private final ImportFileNames fileNames;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "mis-import");
        thread.setDaemon(true);
        return thread;
    });

    ImportJobs(JdbcClient jdbc, Tenancy tenancy, PlatformTransactionManager transactions, SealedFiles sealedFiles,
               PupilImports pupilImports, PupilDataGate gate, Schools schools, ImportProperties properties, Clock clock,
               JsonMapper json, ObjectProvider<ImportFaults> faults, StaffAccounts staffAccounts, SchoolClasses classes,
               ImportFileNames fileNames) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.sealedFiles = sealedFiles;
        this.pupilImports = pupilImports;
        this.gate = gate;
        this.schools = schools;
        this.properties = properties;
        this.clock = clock;
        this.json = json;
        this.faults = faults;
        this.staffAccounts = staffAccounts;
        this.classes = classes;
        this.fileNames = fileNames;
        try {
            // Also the upload area for multipart requests (spring.servlet.multipart.location): owner only.
            Path incoming = properties.directory().resolve("incoming");
            Files.createDirectories(incoming);
            Files.setPosixFilePermissions(properties.directory(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the import directory", e);
        }
    }

    /** Who asked, and from where: the access-log entries of the import carry it. */
    record Caller(CustodianUser user, String requestId, String sourceIp) {
    }

    // ---- upload, commit, discard

    /**
     * Stores the file encrypted and starts its preview. {@code fullCsv} says whether a CSV lists every
     * current pupil (a CTF says so itself); only a school admin may import a CTF addressed to another school.
     * Without that override such a CTF fails as soon as its header is read: the job is recorded as failed
     * ({@code wrong-school}) and nothing more of the file is read or stored.
     * {@code referenceDate} (may be null: today) is the day a CSV was exported; its academic year judges
     * ages for NC years. A CTF's header gives its own academic year, which wins. {@code fileName}
     * (may be null) is the name the file was sent with, stored encrypted for the history.
     */
    UUID upload(Caller caller, InputStream content, String fileName, boolean fullCsv, boolean overrideSchoolCheck,
                LocalDate referenceDate) {
        UUID school = caller.user().ownSchoolId();
        if (referenceDate != null && referenceDate.isAfter(LocalDate.now(clock.withZone(UK)))) {
            throw invalidReferenceDate();
        }
        if (overrideSchoolCheck && caller.user().role() != Role.SCHOOL_ADMIN) {
            throw ProblemException.forbidden("override-not-allowed",
                    "Only a school admin can import a file addressed to another school.");
        }
        gate.requireProcessingAllowed(school);
        UUID id = UUID.randomUUID();
        BufferedInputStream buffered = new BufferedInputStream(content);
        if (!overrideSchoolCheck) {
            Optional<HeadRefused> elsewhere = addressedElsewhere(caller, buffered);
            if (elsewhere.isPresent()) {
                recordRefusedAtUpload(caller, id, elsewhere.get());
                return id;
            }
        }
        Path file = fileOf(school, id);
        Sniffer sniffer = new Sniffer(new Limited(buffered, properties.maxFileBytes()));
        DigestInputStream digesting = new DigestInputStream(sniffer, sha256());
        byte[] key;
        try {
            key = sealedFiles.seal(file, digesting);
        } catch (UncheckedIOException e) {
            delete(file);
            if (e.getCause() instanceof TooLarge) {
                throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "file-too-large",
                        "The file is larger than the " + properties.maxFileBytes() / (1024 * 1024) + " MB allowed.");
            }
            throw e;
        }
        String format = sniffer.format();
        Instant now = clock.instant();
        byte[] hash = digesting.getMessageDigest().digest();
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into import_job (school_id, id, format, full_file, state, file_bytes, content_hash, file_key,
                            school_check_overridden, created_by, created_at, heartbeat_at, reference_date, file_name)
                        values (?, ?, ?, ?, 'PREVIEWING', ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(school, id, format, fullCsv && format.equals("CSV"), sniffer.bytes(), hash, key,
                        overrideSchoolCheck, caller.user().id(), utc(now), utc(now), referenceDate,
                        fileNames.seal(school, caller.user().id(), id, fileName))
                .update());
        workers.execute(() -> runPass(caller, school, id, true));
        return id;
    }

    /** A CTF refused on its header alone: how much was read of it, and the hash of that part. */
    private record HeadRefused(ImportRefusedException refusal, long bytesRead, byte[] hash) {
    }

    /**
     * Reads just the header of a CTF (at most {@link #HEADER_WINDOW} bytes, and never more than a
     * file may have) and refuses it there if it is addressed to another school: the rest of the file
     * is never read or stored. Anything else, including a fault in the header, is left to the preview,
     * which reads the whole file from the start again.
     */
    private Optional<HeadRefused> addressedElsewhere(Caller caller, BufferedInputStream content) {
        int window = (int) Math.min(HEADER_WINDOW, properties.maxFileBytes());
        content.mark(window);
        Window head = new Window(content, window);
        try {
            FileHeader header = CtfReader.open(head, properties.limits(), LocalDate.now(clock.withZone(UK))).header();
            requireAddressedTo(schools.get(caller.user().ownSchoolId(), caller.user()), header);
            return Optional.empty();
        } catch (ImportRefusedException e) {
            return e.code().equals("wrong-school")
                    ? Optional.of(new HeadRefused(e, head.bytesRead(), head.digest()))
                    : Optional.empty();
        } finally {
            try {
                content.reset();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The job of a file refused at upload: already failed, with the refusal as its preview, and no file kept. */
    private void recordRefusedAtUpload(Caller caller, UUID id, HeadRefused refused) {
        UUID school = caller.user().ownSchoolId();
        ImportRefusedException e = refused.refusal();
        ImportReport report = ImportReport.refused("CTF", false, new ImportProblem(e.location(), null, e.code(), e.getMessage()));
        Instant now = clock.instant();
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into import_job (school_id, id, format, full_file, state, file_bytes, content_hash, file_key,
                            school_check_overridden, created_by, created_at, heartbeat_at, finished_at, bytes_processed,
                            error_code, preview)
                        values (?, ?, 'CTF', false, 'FAILED', ?, ?, null, false, ?, ?, ?, ?, ?, ?, cast(? as jsonb))""")
                .params(school, id, refused.bytesRead(), refused.hash(), caller.user().id(), utc(now), utc(now), utc(now),
                        refused.bytesRead(), e.code(), json.writeValueAsString(report))
                .update());
    }

    void commit(Caller caller, UUID jobId) {
        UUID school = caller.user().ownSchoolId();
        ImportJob job = find(school, jobId).orElseThrow(ImportJobs::notFound);
        if (job.createdAt().plus(properties.previewExpiry()).isBefore(clock.instant())) {
            throw ProblemException.conflict("preview-expired", "This preview is too old to commit: upload the file again.");
        }
        if (!job.committable()) {
            throw ProblemException.conflict("not-committable", job.state() == ImportJob.State.PREVIEWED
                    ? "This import has errors: correct the file and upload it again. Nothing was changed."
                    : "Only a finished preview can be committed; this import is " + job.state().name().toLowerCase() + ".");
        }
        int claimed = tenancy.inSchool(school, () -> jdbc.sql("""
                        update import_job set state = 'COMMITTING', committed_by = ?, heartbeat_at = ?, bytes_processed = 0,
                            rows_processed = 0, rate_per_second = null
                        where school_id = ? and id = ? and state = 'PREVIEWED'""")
                .params(caller.user().id(), utc(clock.instant()), school, jobId).update());
        if (claimed == 0) {
            throw ProblemException.conflict("not-committable", "This import is already being committed or was discarded.");
        }
        workers.execute(() -> runPass(caller, school, jobId, false));
    }

    void discard(CustodianUser user, UUID jobId) {
        UUID school = user.ownSchoolId();
        int discarded = tenancy.inSchool(school, () -> jdbc.sql("""
                        update import_job set state = 'DISCARDED', file_key = null, finished_at = ?
                        where school_id = ? and id = ? and state = 'PREVIEWED'""")
                .params(utc(clock.instant()), school, jobId).update());
        if (discarded == 0) {
            throw ProblemException.conflict("not-discardable", "Only a previewed import that was not committed can be discarded.");
        }
        delete(fileOf(school, jobId));
    }

    @Override
    public UUID importAndWait(CustodianUser actor, InputStream content, boolean fullCsv, Duration timeout) {
        Caller caller = new Caller(actor, UUID.randomUUID().toString(), null);
        Instant deadline = clock.instant().plus(timeout);
        UUID id = upload(caller, content, null, fullCsv, false, null);
        ImportJob previewed = waitWhileRunning(actor.ownSchoolId(), id, deadline);
        if (!previewed.committable()) {
            throw new IllegalStateException("Import " + id + " cannot be committed: " + previewed.state()
                    + (previewed.errorCode() == null ? "" : " (" + previewed.errorCode() + ")"));
        }
        commit(caller, id);
        ImportJob committed = waitWhileRunning(actor.ownSchoolId(), id, deadline);
        if (committed.state() != ImportJob.State.COMMITTED) {
            throw new IllegalStateException("Import " + id + " did not commit: " + committed.errorCode());
        }
        return id;
    }

    private ImportJob waitWhileRunning(UUID school, UUID id, Instant deadline) {
        while (true) {
            ImportJob job = find(school, id).orElseThrow();
            if (!job.state().running()) {
                return job;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("Import " + id + " is still running");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for import " + id, e);
            }
        }
    }

    Optional<ImportJob> find(UUID school, UUID jobId) {
        return tenancy.inSchool(school, () -> jdbc.sql("select * from import_job where school_id = ? and id = ?")
                .params(school, jobId).query(this::job).optional());
    }

    /** How many previews finished and wait for a commit or a discard. */
    long waitingForCommit(UUID school) {
        return tenancy.inSchool(school, () -> jdbc.sql(
                        "select count(*) from import_job where school_id = ? and state = 'PREVIEWED'")
                .param(school).query(Long.class).single());
    }

    List<ImportJob> history(UUID school, int limit) {
        return tenancy.inSchool(school, () -> jdbc.sql(
                        "select * from import_job where school_id = ? order by created_at desc, id limit ?")
                .params(school, limit).query(this::job).list());
    }

    // ---- the passes

    private void runPass(Caller caller, UUID school, UUID jobId, boolean preview) {
        Attempt attempt = new Attempt(caller, jobId);
        try {
            ImportReport report = tenancy.inSchool(school, () -> pass(caller, school, jobId, preview, attempt));
            finish(school, jobId, preview ? "PREVIEWED" : "COMMITTED", null, report, preview, null);
        } catch (ImportRefusedException e) {
            ImportJob job = find(school, jobId).orElseThrow();
            finish(school, jobId, "FAILED", e.code(), ImportReport.refused(job.format(), job.full(),
                    new ImportProblem(e.location(), null, e.code(), e.getMessage())), preview, attempt);
        } catch (RefusedAtCommit e) {
            attempt.compared(e.report.pupils());
            finish(school, jobId, "FAILED", "errors-at-commit", e.report, false, attempt);
        } catch (ProblemException e) {
            finish(school, jobId, "FAILED", e.code(), null, preview, attempt);
        } catch (RuntimeException e) {
            // Not the exception's message: a database error can quote a row (ciphertexts, dates).
            log.error("Import {} of school {} failed: {} at {}", jobId, school, e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            finish(school, jobId, "FAILED", preview ? "preview-failed" : "commit-failed", null, preview, attempt);
        }
    }

    /**
     * One pass as far as it got: whether it began comparing pupils with the school's records (and
     * so read them), and how many it compared. A pass that fails after beginning rolls back its
     * access-log entries with everything else, so its failure is recorded on its own.
     */
    private static final class Attempt {
        private final Caller caller;
        private final UUID jobId;
        private volatile boolean begun;
        private volatile int compared;

        Attempt(Caller caller, UUID jobId) {
            this.caller = caller;
            this.jobId = jobId;
        }

        void begun() {
            begun = true;
        }

        void compared(int pupils) {
            compared = pupils;
        }
    }

    private ImportReport pass(Caller caller, UUID school, UUID jobId, boolean preview, Attempt attempt) {
        record Stored(String format, boolean full, boolean override, long bytes, byte[] key, byte[] hash,
                      LocalDate referenceDate) {
        }
        Stored stored = jdbc.sql("""
                        select format, full_file, school_check_overridden, file_bytes, file_key, content_hash, reference_date
                        from import_job where school_id = ? and id = ?""")
                .params(school, jobId)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getLong(4),
                        rs.getBytes(5), rs.getBytes(6), rs.getObject(7, LocalDate.class)))
                .single();
        boolean identical = jdbc.sql("""
                        select exists (select 1 from import_job
                                       where school_id = ? and content_hash = ? and state = 'COMMITTED' and id <> ?)""")
                .params(school, stored.hash(), jobId).query(Boolean.class).single();
        LocalDate today = LocalDate.now(clock.withZone(UK));
        AtomicLong bytesRead = new AtomicLong();
        try (InputStream in = new Counting(sealedFiles.open(fileOf(school, jobId), stored.key()), bytesRead);
             PupilSource source = open(stored.format(), in, today)) {
            FileHeader header = source.header();
            if (!stored.override()) {
                requireAddressedTo(schools.get(school, caller.user()), header);
            }
            boolean full = header.full() != null ? header.full() : stored.full();
            if (header.full() != null && header.full() != stored.full()) {
                separately(school, () -> jdbc.sql("update import_job set full_file = ? where school_id = ? and id = ?")
                        .params(full, school, jobId).update());
            }
            LocalDate academicYearStart = academicYearStart(header, stored.referenceDate(), today);
            PupilImports.ImportBatch batch = pupilImports.begin(context(caller, jobId), preview);
            attempt.begun();
            ProgressWriter progress = new ProgressWriter(school, jobId, bytesRead, preview, attempt);
            ImportReport report = new ImportRun(batch, properties.batchSize(), today, academicYearStart,
                    properties.listedProblems(), progress,
                    names -> names.match(staffAccounts.of(school), preview ? (ref, staff) -> { }
                            : (ref, staff) -> classes.assignStaff(caller.user(), ref.kind(), ref.code(), staff.teachers(),
                                    staff.supervisors())))
                    .run(source, stored.format(), full, identical);
            if (!preview && !report.committable()) {
                // Something changed since the preview (the date, the school's settings): all or nothing.
                throw new RefusedAtCommit(report);
            }
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PupilSource open(String format, InputStream in, LocalDate today) {
        return format.equals("CTF") ? CtfReader.open(in, properties.limits(), today)
                : CsvReader.open(in, properties.limits());
    }

    /**
     * 1 September of the academic year the file describes: a CTF header's own, else that of the
     * uploader's reference date, else the current one. A year after the next one is no real file's.
     */
    private static LocalDate academicYearStart(FileHeader header, LocalDate referenceDate, LocalDate today) {
        LocalDate current = ImportChecks.academicYearStart(today);
        if (header.academicYear() != null) {
            if (header.academicYear() > current.getYear() + 1) {
                throw new ImportRefusedException("invalid-academic-year", "Header/SourceSchool/AcademicYear",
                        "The file's academic year has not begun yet.");
            }
            return LocalDate.of(header.academicYear(), 9, 1);
        }
        return referenceDate != null ? ImportChecks.academicYearStart(referenceDate) : current;
    }

    /** The uploader's reference date for a CSV: ISO {@code yyyy-MM-dd}, not in the future; null when not given. */
    static LocalDate referenceDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip(), java.time.format.DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (java.time.format.DateTimeParseException e) {
            throw invalidReferenceDate();
        }
    }

    private static ProblemException invalidReferenceDate() {
        return ProblemException.badRequest("invalid-reference-date",
                "The reference date must be the day the file was exported, as yyyy-MM-dd, and not in the future.");
    }

    /** A CTF names the school it is for; importing another school's file by mistake is refused. */
    private static void requireAddressedTo(School school, FileHeader header) {
        if (!"CTF".equals(header.format())) {
            return;
        }
        boolean ours = school.urn().equals(trim(header.destUrn())) && school.laCode().equals(trim(header.destLa()))
                && school.establishmentNumber().equals(trim(header.destEstab()));
        if (!ours) {
            throw new ImportRefusedException("wrong-school", "Header/DestSchool",
                    "The file is addressed to another school (DestSchool LEA, Estab and URN do not match yours). "
                            + "A school admin can import it once by choosing to override this check.");
        }
    }

    private AccessContext context(Caller caller, UUID jobId) {
        // The import itself is the reason: every entry of it names the job, whose report says what it did.
        return new AccessContext(caller.user(), PURPOSE, "MIS import " + jobId, caller.requestId(), caller.sourceIp());
    }

    /** Writes progress at most twice a second, in its own transaction so other requests see it at once. */
    private final class ProgressWriter implements ImportRun.Progress {
        private final UUID school;
        private final UUID jobId;
        private final AtomicLong bytesRead;
        private final boolean preview;
        private final Attempt attempt;
        private final Instant started = clock.instant();
        private Instant written = Instant.MIN;

        ProgressWriter(UUID school, UUID jobId, AtomicLong bytesRead, boolean preview, Attempt attempt) {
            this.school = school;
            this.jobId = jobId;
            this.bytesRead = bytesRead;
            this.preview = preview;
            this.attempt = attempt;
        }

        @Override
        public void batchDone(int pupilsRead) {
            attempt.compared(pupilsRead);
            Instant now = clock.instant();
            if (!preview) {
                faults.ifAvailable(f -> f.afterBatch(jobId, pupilsRead));
            }
            if (Duration.between(written, now).compareTo(PROGRESS_EVERY) < 0) {
                return;
            }
            written = now;
            long millis = Math.max(1, Duration.between(started, now).toMillis());
            separately(school, () -> jdbc.sql("""
                            update import_job set rows_processed = ?, bytes_processed = ?, rate_per_second = ?, heartbeat_at = ?
                            where school_id = ? and id = ?""")
                    .params(pupilsRead, bytesRead.get(), (int) (pupilsRead * 1000L / millis), utc(now), school, jobId)
                    .update());
        }
    }

    /**
     * Ends the pass in a transaction of its own. A failed {@code attempt} that had begun comparing
     * pupils is recorded in the access log in the same transaction as the job's failure.
     */
    private void finish(UUID school, UUID jobId, String state, String errorCode, ImportReport report, boolean preview,
                        Attempt attempt) {
        boolean ended = !state.equals("PREVIEWED");
        String column = preview ? "preview" : "result";
        separately(school, () -> {
            jdbc.sql("update import_job set state = ?, error_code = ?, " + column
                        + " = cast(? as jsonb), rows_processed = coalesce(?, rows_processed), rows_total = coalesce(rows_total, ?),"
                        + " bytes_processed = file_bytes, heartbeat_at = ?, finished_at = case when ? then ? end,"
                        + " file_key = case when ? then null else file_key end where school_id = ? and id = ?")
                .params(state, errorCode, report == null ? null : json.writeValueAsString(report),
                        report == null ? null : report.pupils(), report == null ? null : report.pupils(),
                        utc(clock.instant()), ended, utc(clock.instant()), ended, school, jobId)
                .update();
            if (attempt != null && attempt.begun) {
                pupilImports.recordFailedAttempt(context(attempt.caller, attempt.jobId), attempt.compared, errorCode);
            }
        });
        if (ended) {
            delete(fileOf(school, jobId));
        }
    }

    // ---- housekeeping: interrupted jobs and previews never committed

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweep, Duration.ofMinutes(1));
    }

    /**
     * Ends interrupted jobs and expired previews. A school out of service processes nothing more, so
     * its previews waiting for a commit are discarded at once, with their files and keys.
     */
    void sweep() {
        Instant now = clock.instant();
        for (Schools.Status school : schools.statuses()) {
            boolean inService = school.state().inService();
            String discardedAs = inService ? "expired" : "school-" + school.state().name().toLowerCase(java.util.Locale.ROOT);
            List<UUID> ended = tenancy.inSchool(school.id(), () -> jdbc.sql("""
                            update import_job set state = case when state = 'PREVIEWED' then 'DISCARDED' else 'FAILED' end,
                                error_code = case when state = 'PREVIEWED' then ? else 'interrupted' end,
                                file_key = null, finished_at = ?
                            where school_id = ? and ((state in ('PREVIEWING', 'COMMITTING') and heartbeat_at < ?)
                                or (state = 'PREVIEWED' and (created_at < ? or not ?)))
                            returning id""")
                    .params(discardedAs, utc(now), school.id(), utc(now.minus(properties.staleAfter())),
                            utc(now.minus(properties.previewExpiry())), inService)
                    .query(UUID.class).list());
            ended.forEach(id -> delete(fileOf(school.id(), id)));
        }
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }

    // ---- helpers

    private void separately(UUID school, Runnable work) {
        separately.executeWithoutResult(status -> tenancy.inSchool(school, work));
    }

    private ImportJob job(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        UUID createdBy = rs.getObject("created_by", UUID.class);
        String fileName = fileNames.open(rs.getObject("school_id", UUID.class), createdBy, id, rs.getBytes("file_name"));
        return new ImportJob(id, fileName, rs.getString("format"), rs.getBoolean("full_file"),
                ImportJob.State.valueOf(rs.getString("state")), rs.getLong("file_bytes"),
                rs.getTimestamp("created_at").toInstant(), createdBy,
                rs.getObject("committed_by", UUID.class), instant(rs, "finished_at"), rs.getLong("bytes_processed"),
                rs.getInt("rows_processed"), (Integer) rs.getObject("rows_total"),
                (Integer) rs.getObject("rate_per_second"), rs.getString("error_code"),
                rs.getBoolean("school_check_overridden"), report(rs.getString("preview")), report(rs.getString("result")));
    }

    private ImportReport report(String stored) {
        return stored == null ? null : json.readValue(stored, ImportReport.class);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private Path fileOf(UUID school, UUID jobId) {
        return properties.directory().resolve(school.toString()).resolve(jobId + ".sealed");
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete an import file ({}); its key is gone, so it is unreadable", file.getFileName());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String trim(String value) {
        return value == null ? null : value.strip();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ProblemException notFound() {
        return ProblemException.notFound("import-not-found", "There is no such import at your school.");
    }

    /** A commit that met refused pupils the preview did not have: rolled back, its report kept. */
    private static final class RefusedAtCommit extends RuntimeException {
        private final transient ImportReport report;

        RefusedAtCommit(ImportReport report) {
            super("The commit found refused pupils", null, false, false);
            this.report = report;
        }
    }

    /** Thrown (wrapped) when an upload exceeds the size limit. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("file too large");
        }
    }

    /** Refuses to read past the limit. */
    /** The first {@code size} bytes of a stream, hashed as they are read; closing it leaves the stream open. */
    private static final class Window extends FilterInputStream {
        private final MessageDigest digest = sha256();
        private long remaining;
        private long read;

        Window(InputStream in, long size) {
            super(in);
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                passed(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                passed(buffer, offset, n);
            }
            return n;
        }

        private void passed(byte[] buffer, int offset, int n) {
            remaining -= n;
            read += n;
            digest.update(buffer, offset, n);
        }

        @Override
        public long skip(long n) throws IOException {
            return Math.max(read(new byte[(int) Math.min(Math.max(n, 1), 8192)]), 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // the upload goes on reading the stream from its start
        }

        long bytesRead() {
            return read;
        }

        byte[] digest() {
            return digest.digest();
        }
    }

    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new TooLarge();
            }
        }
    }

    /** Counts the bytes read through it (for progress), telling subclasses what passed. */
    private static class Counting extends FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
                passed(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count.addAndGet(n);
                passed(buffer, offset, n);
            }
            return n;
        }

        void passed(byte[] buffer, int offset, int n) {
        }

        long bytes() {
            return count.get();
        }
    }

    /** Also keeps the first few bytes, to tell XML from CSV. */
    private static final class Sniffer extends Counting {
        private final byte[] head = new byte[256];
        private int headLength;

        Sniffer(InputStream in) {
            super(in, new AtomicLong());
        }

        @Override
        void passed(byte[] buffer, int offset, int n) {
            int copy = Math.min(n, head.length - headLength);
            if (copy > 0) {
                System.arraycopy(buffer, offset, head, headLength, copy);
                headLength += copy;
            }
        }

        /** XML starts with '<' after an optional byte-order mark and white space; anything else is read as CSV. */
        String format() {
            int i = headLength >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
            while (i < headLength && Character.isWhitespace(head[i])) {
                i++;
            }
            return i < headLength && head[i] == '<' ? "CTF" : "CSV";
        }
    }
}
