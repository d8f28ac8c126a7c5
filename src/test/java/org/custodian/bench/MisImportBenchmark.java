package org.custodian.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.support.Browser;
import org.custodian.support.CtfPupils;
import org.custodian.tenancy.Tenancy;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MIS import benchmark (issue 5): starts the application in the {@code benchmark} profile on a
 * throwaway embedded PostgreSQL (fsync on), writes a synthetic CTF of N pupils to disk, and for a
 * fresh school that accepted the agreement uploads it through {@code POST /api/v1/imports} as a
 * signed-in data manager, waits for the preview (untimed), then times the commit: from
 * {@code POST /api/v1/imports/{id}/commit} until the job reads {@code COMMITTED} (parse, validate,
 * encrypt, store, access log, one transaction). Baseline in the same run: PostgreSQL {@code COPY} of
 * the same pupils' plaintext fields, pre-built in memory, into {@code bench_plain_import}.
 * Prints figures and ratios; asserts nothing.
 *
 * <p>Options ({@code --name=value}): {@code pupils} (100000; 1000000 with heap-check),
 * {@code categories}: which school settings to run, {@code on} (ETHNICITY, FIRST_LANGUAGE,
 * FSM_ELIGIBLE, FSM6, SEN_STATUS, PREFERRED_NAME switched on), {@code off} (all off), or both
 * ({@code on,off}, the default); {@code warmup}: pupils of an untimed import and COPY first, so the
 * measured ones run compiled code (20000; 0 with heap-check); {@code heap-check=true}: the import only (no baseline), with peak
 * heap figures, for a run under a small {@code -Xmx} ({@code bench/mis-import.sh --heap-check}).
 */
public final class MisImportBenchmark {

    static final Set<OptionalCategory> SWITCHED_ON = EnumSet.of(OptionalCategory.ETHNICITY,
            OptionalCategory.FIRST_LANGUAGE, OptionalCategory.FSM_ELIGIBLE, OptionalCategory.FSM6,
            OptionalCategory.SEN_STATUS, OptionalCategory.PREFERRED_NAME);
    static final double TARGET_RATE = 20_000, TARGET_RATIO = 0.2;
    static final Duration POLL = Duration.ofMillis(20), PATIENCE = Duration.ofMinutes(60);
    private static final String IMPORTS = "/api/v1/imports";
    private static final ZoneId UK = ZoneId.of("Europe/London");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.options(args);
        boolean heapCheck = Boolean.parseBoolean(options.getOrDefault("heap-check", "false"));
        int pupils = Integer.parseInt(options.getOrDefault("pupils", heapCheck ? "1000000" : "100000").replace("_", ""));
        List<String> categories = List.of(options.getOrDefault("categories", heapCheck ? "on" : "on,off").split(","));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", heapCheck ? "0" : "20000").replace("_", ""));
        Path dataDir = BenchmarkSupport.freshDataDir();
        int status;
        // A CTF is ~580 bytes a pupil: 1,000,000 pupils exceed the 200 MB default upload limit.
        String limit = String.valueOf(Math.max(209_715_200L, 2_000L * pupils));
        try (ConfigurableApplicationContext context = BenchmarkSupport.start(dataDir,
                "--custodian.imports.max-file-bytes=" + limit, "--spring.servlet.multipart.max-file-size=" + limit,
                "--spring.servlet.multipart.max-request-size=" + (Long.parseLong(limit) + 1_048_576))) {
            status = new MisImportBenchmark(context, dataDir).run(pupils, categories, warmup, heapCheck);
        }
        BenchmarkSupport.delete(dataDir);
        System.exit(status);
    }

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private final int port;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final BenchmarkSupport.CpuMeter cpu;
    private final HeapWatch heap = new HeapWatch();

    MisImportBenchmark(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.tenancy = context.getBean(Tenancy.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.json = context.getBean(JsonMapper.class);
        this.cpu = new BenchmarkSupport.CpuMeter(jdbc);
    }

    int run(int pupils, List<String> categorySettings, int warmup, boolean heapCheck) throws Exception {
        System.out.println(BenchmarkSupport.machine());
        System.out.printf(Locale.ROOT, "JVM max heap (-Xmx): %d MB; %d pupils; school settings run: categories %s"
                        + " (on = %s switched on; off = all off)%n%n", Runtime.getRuntime().maxMemory() >> 20, pupils,
                String.join(" and ", categorySettings), SWITCHED_ON);
        heap.start();
        if (warmup > 0) {
            warmUp(warmup);
        }
        List<Measured> imports = new ArrayList<>();
        List<Measured> copies = new ArrayList<>();
        Path baselineFile = null;
        List<String[]> rows = null;
        boolean ok = true;
        for (String setting : categorySettings) {
            boolean on = switch (setting.strip()) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("--categories is on, off or on,off");
            };
            Setup setup = school(on);
            Path file = ctf(setup.school(), pupils);
            if (!heapCheck && rows == null) {
                baselineFile = file;
                rows = baselineRows(file);
                copies.add(copy(rows));
            }
            Measured measured = importOnce("import", setup, file, pupils, heapCheck);
            ok &= measured.ok();
            imports.add(measured);
            if (file != baselineFile) {
                Files.delete(file);
            }
        }
        if (rows != null) {
            copies.add(copy(rows));
            Files.delete(baselineFile);
        }
        heap.stop();

        System.out.println();
        System.out.println("| pass | pupils | time (s) | pupils/s | JVM CPU (s) | PostgreSQL CPU (s) | category values stored |");
        System.out.println("|---|---|---|---|---|---|---|");
        imports.forEach(m -> System.out.println(m.row()));
        copies.forEach(m -> System.out.println(m.row()));
        System.out.println();
        if (!copies.isEmpty()) {
            double copyRate = copies.stream().mapToDouble(Measured::rate).average().orElseThrow();
            System.out.printf(Locale.ROOT, "COPY baseline: %.0f rows/s (mean of %d COPY passes; pre-built rows: the CTF"
                    + " was parsed before timing, the COPY text is formatted while timed)%n", copyRate, copies.size());
            for (Measured m : imports) {
                System.out.printf(Locale.ROOT, "%s: %.0f pupils/s -> %s (target >= %.0f); import/COPY %.3f -> %s (target >= %.1f)%n",
                        m.pass(), m.rate(), verdict(m.rate() >= TARGET_RATE), TARGET_RATE, m.rate() / copyRate,
                        verdict(m.rate() / copyRate >= TARGET_RATIO), TARGET_RATIO);
            }
        } else {
            imports.forEach(m -> System.out.printf(Locale.ROOT, "%s: %.0f pupils/s -> %s (target >= %.0f)%n",
                    m.pass(), m.rate(), verdict(m.rate() >= TARGET_RATE), TARGET_RATE));
        }
        System.out.printf(Locale.ROOT, "heap, whole run (start-up, file generation, uploads, previews, commits): max"
                + " sampled every 20 ms %d MB; -Xmx %d MB%n", heap.overall() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("load average at the end: " + BenchmarkSupport.loadAverage());
        return ok ? 0 : 1;
    }

    /** One whole import and one COPY of a smaller file, untimed, so the measured passes run compiled code. */
    private void warmUp(int pupils) throws Exception {
        long start = System.nanoTime();
        Setup setup = school(true);
        Path file = ctf(setup.school(), pupils);
        importOnce("warm-up import", setup, file, pupils, false);
        copy(baselineRows(file));
        Files.delete(file);
        System.out.printf(Locale.ROOT, "warm-up: import and COPY of %d pupils (untimed), %.1f s in all%n%n", pupils,
                seconds(start));
    }

    record Setup(School school, Browser dataManager, boolean categoriesOn) {
    }

    /** A school that accepted the agreement, with the categories switched on or off, and its data manager signed in. */
    private Setup school(boolean categoriesOn) {
        School school = context.getBean(Schools.class).register(BenchmarkSupport.registration(), null).school();
        CustodianUser admin = BenchmarkSupport.account(context, school.id(), Role.SCHOOL_ADMIN);
        var agreements = context.getBean(InformationSharingAgreements.class);
        agreements.accept(school.id(), agreements.current().orElseThrow().contentHash(), "Benchmark Signer",
                "Headteacher", "127.0.0.1", admin);
        if (categoriesOn) {
            SWITCHED_ON.forEach(category -> context.getBean(CategorySettings.class).set(admin, category, true));
        }
        Browser dataManager = BenchmarkSupport.signIn(port,
                BenchmarkSupport.account(context, school.id(), Role.DATA_MANAGER));
        return new Setup(school, dataManager, categoriesOn);
    }

    /** The synthetic CTF for the school, written to disk (untimed). */
    private Path ctf(School school, int pupils) throws IOException {
        long start = System.nanoTime();
        Path file = Files.createTempFile(dataDir, "pupils-", ".xml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                    school.establishmentNumber(), pupils, 1, LocalDate.now(UK))).writeCtf(out, true);
        }
        System.out.printf(Locale.ROOT, "generated: CTF of %d pupils, %.1f MB, in %.1f s (untimed)%n", pupils,
                Files.size(file) / 1e6, seconds(start));
        return file;
    }

    /** Upload and preview untimed; then the commit, timed from the request until the job reads COMMITTED. */
    private Measured importOnce(String label, Setup setup, Path file, int pupils, boolean heapCheck) throws Exception {
        String pass = label + ", categories " + (setup.categoriesOn() ? "on" : "off");
        Browser browser = setup.dataManager();
        long start = System.nanoTime();
        HttpResponse<String> uploaded = browser.upload(IMPORTS, "pupils.xml", file, Map.of());
        if (uploaded.statusCode() != 202) {
            throw new IllegalStateException("Upload answered " + uploaded.statusCode() + ": " + uploaded.body());
        }
        String id = json.readTree(uploaded.body()).get("id").asString();
        double uploadSeconds = seconds(start);
        start = System.nanoTime();
        JsonNode preview = waitForJob(browser, id);
        double previewSeconds = seconds(start);
        if (!preview.get("state").asString().equals("PREVIEWED") || preview.at("/preview/created").asInt() != pupils) {
            throw new IllegalStateException("Preview did not find " + pupils + " new pupils: state "
                    + preview.get("state").asString() + ", created " + preview.at("/preview/created").asInt()
                    + ", invalid " + preview.at("/preview/invalid").asInt());
        }
        System.out.printf(Locale.ROOT, "%s: upload %.1f s, preview %.1f s (%.0f pupils/s) (both untimed); committing%n",
                pass, uploadSeconds, previewSeconds, pupils / previewSeconds);

        HeapWatch.resetPoolPeaks();
        heap.resetSampled();
        long jvmBefore = cpu.jvmNanos();
        long postgresBefore = cpu.postgresNanos();
        start = System.nanoTime();
        HttpResponse<String> committing = browser.api("POST", IMPORTS + "/" + id + "/commit", null);
        if (committing.statusCode() != 202) {
            throw new IllegalStateException("Commit answered " + committing.statusCode());
        }
        JsonNode committed = waitForJob(browser, id);
        double elapsed = seconds(start);
        double jvm = (cpu.jvmNanos() - jvmBefore) / 1e9;
        double postgres = (cpu.postgresNanos() - postgresBefore) / 1e9;
        long poolPeaks = HeapWatch.poolPeaks();
        long sampled = heap.maxSampled();

        long stored = count("select count(*) from pupil where school_id = ?", setup.school().id());
        long values = count("select count(*) from pupil_category_value where school_id = ?", setup.school().id());
        boolean ok = committed.get("state").asString().equals("COMMITTED") && stored == pupils
                && committed.at("/result/created").asInt() == pupils;
        System.out.printf(Locale.ROOT, "%s: commit %s in %.1f s, %d pupils stored, %d category values%s%n", pass,
                committed.get("state").asString(), elapsed, stored, values, ok ? "" : " -> RUN BROKEN");
        if (heapCheck) {
            System.out.printf(Locale.ROOT, "%s: heap during the commit: max sampled every 20 ms %d MB; sum of heap"
                    + " pools' peaks %d MB (an upper bound: pools peak at different times); -Xmx %d MB%n", pass, sampled >> 20, poolPeaks >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
        return new Measured(pass, pupils, elapsed, jvm, postgres, values, ok);
    }

    private JsonNode waitForJob(Browser browser, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            JsonNode job = json.readTree(browser.get(IMPORTS + "/" + id).body());
            String state = job.get("state").asString();
            if (!state.equals("PREVIEWING") && !state.equals("COMMITTING")) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Import still " + state + " after " + PATIENCE);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    // ---- the COPY baseline

    /** Columns of bench_plain_import after school_id, in COPY order. */
    private static final String COPY = "copy bench_plain_import (school_id, id, upn, forename, surname, date_of_birth,"
            + " admission_number, sex, nc_year, ethnicity, first_language, fsm_eligible, fsm6, sen_status, preferred_name)"
            + " from stdin";
    private static final List<OptionalCategory> COPIED_CATEGORIES = List.of(OptionalCategory.ETHNICITY,
            OptionalCategory.FIRST_LANGUAGE, OptionalCategory.FSM_ELIGIBLE, OptionalCategory.FSM6,
            OptionalCategory.SEN_STATUS, OptionalCategory.PREFERRED_NAME);
    private final UUID baselineSchool = UUID.randomUUID();

    /** The same pupils as the file gives them, parsed with the importer's reader before any timing. */
    private List<String[]> baselineRows(Path file) throws IOException {
        long start = System.nanoTime();
        List<String[]> rows = new ArrayList<>();
        CtfPupils.forEach(file, LocalDate.now(UK), d -> {
            List<String> row = new ArrayList<>(List.of(UUID.randomUUID().toString()));
            row.addAll(java.util.Arrays.asList(d.upn(), d.forename(), d.surname(), d.dateOfBirth(),
                    d.admissionNumber(), d.sex(), d.ncYear()));
            COPIED_CATEGORIES.forEach(category -> row.add(d.categories().get(category.name())));
            rows.add(row.toArray(String[]::new));
        });
        System.out.printf(Locale.ROOT, "baseline rows: %d pupils parsed from the CTF by CtfReader in %.1f s (%.0f pupils/s,"
                + " untimed: parse only, no checks)%n", rows.size(), seconds(start), rows.size() / seconds(start));
        return rows;
    }

    /** COPY of the pre-built rows into the emptied plaintext table, through the application's pool, one transaction. */
    private Measured copy(List<String[]> rows) throws Exception {
        jdbc.sql("truncate bench_plain_import").update();
        DataSource dataSource = context.getBean(DataSource.class);
        long jvmBefore = cpu.jvmNanos();
        long postgresBefore = cpu.postgresNanos();
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            var copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(copyIn, 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16)) {
                String school = baselineSchool.toString();
                for (String[] row : rows) {
                    out.write(school);
                    for (String value : row) {
                        out.write('\t');
                        write(out, value);
                    }
                    out.write('\n');
                }
            }
        }
        double elapsed = seconds(start);
        double jvm = (cpu.jvmNanos() - jvmBefore) / 1e9;
        double postgres = (cpu.postgresNanos() - postgresBefore) / 1e9;
        long copied = jdbc.sql("select count(*) from bench_plain_import").query(Long.class).single();
        if (copied != rows.size()) {
            throw new IllegalStateException("COPY stored " + copied + " rows of " + rows.size());
        }
        System.out.printf(Locale.ROOT, "COPY of the baseline rows: %d rows in %.2f s%n", copied, elapsed);
        return new Measured("COPY baseline (plaintext, pre-built rows)", rows.size(), elapsed, jvm, postgres,
                -1, true);
    }

    /** A value in COPY's text format: \N for null, backslash escapes for the characters it reserves. */
    private static void write(Writer out, String value) throws IOException {
        if (value == null) {
            out.write("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.write("\\\\");
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                default -> out.write(c);
            }
        }
    }

    // ---- helpers

    private long count(String sql, UUID school) {
        return tenancy.inSchool(school, () -> jdbc.sql(sql).param(school).query(Long.class).single());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String verdict(boolean met) {
        return met ? "PASS" : "MISS";
    }

    record Measured(String pass, int pupils, double seconds, double jvmCpu, double postgresCpu, long categoryValues,
                    boolean ok) {

        double rate() {
            return pupils / seconds;
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.1f | %.1f | %s |", pass, pupils, seconds, rate(),
                    jvmCpu, postgresCpu, categoryValues < 0 ? "(columns)" : String.valueOf(categoryValues));
        }
    }

    /**
     * Heap use: the JVM's own per-pool peaks (resettable), and the largest heap use a sampling thread
     * saw every 20 ms (a lower bound of the true peak, close to it as GCs are frequent).
     */
    static final class HeapWatch {
        private final AtomicLong max = new AtomicLong();
        private final AtomicLong overall = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    max.accumulateAndGet(used, Math::max);
                    overall.accumulateAndGet(used, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long maxSampled() {
            return max.get();
        }

        long overall() {
            return overall.get();
        }

        void resetSampled() {
            max.set(0);
        }

        static long poolPeaks() {
            return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        }

        static void resetPoolPeaks() {
            heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        private static List<MemoryPoolMXBean> heapPools() {
            return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        }
    }
}
