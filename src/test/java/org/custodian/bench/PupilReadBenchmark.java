package org.custodian.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilRecords;
import org.custodian.pupils.Upn;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.SchoolRegistration;
import org.custodian.schools.Schools;
import org.custodian.support.Browser;
import org.custodian.tenancy.Tenancy;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pupil read benchmark (issue 4): starts the application in the {@code benchmark} profile on a
 * throwaway embedded PostgreSQL (fsync on), creates 2,000 pupils in one school (or spread over
 * several), signs teachers in through the real pages (password and authenticator code), then measures in the same run
 * {@code GET /api/v1/pupils/{id}} (full path) against {@code GET /api/v1/bench/plain-pupils/{id}}
 * (baseline), alternating rounds so both see the same machine state. Prints figures and ratios;
 * asserts nothing (a miss is reported, the exit status is 0 unless the run itself broke).
 *
 * <p>Options ({@code --name=value}): {@code pupils} (2000), {@code threads} (8,32), {@code requests}
 * per round and endpoint (2000), {@code rounds} (4), {@code warmup} requests per endpoint and
 * concurrency (1000), {@code sessions}: teachers signed in, client thread t using session t mod
 * sessions (the largest thread count: each client is its own teacher); {@code schools} (1): the pupils
 * and teachers spread over that many schools, session s (so client thread t, while t < sessions) in
 * school s mod schools, each client reading only its own school's pupils, on both endpoints.
 *
 * <p>Criteria are ratios to the baseline measured in the same run (absolute figures on a shared
 * machine vary 2×): full-path throughput ≥ 0.6× the baseline's (0.75× reported as the aim), full-path
 * p99 ≤ 2× the baseline's p99.
 */
public final class PupilReadBenchmark {

    static final String FULL = "/api/v1/pupils/";
    static final String PURPOSE_HEADER = "Custodian-Purpose";
    static final String TEACHING = "TEACHING_AND_LEARNING";
    static final double TARGET_RATIO = 0.6, AIM_RATIO = 0.75, TARGET_P99_RATIO = 2;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.options(args);
        int pupils = Integer.parseInt(options.getOrDefault("pupils", "2000"));
        int[] threadCounts = Arrays.stream(options.getOrDefault("threads", "8,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int requests = Integer.parseInt(options.getOrDefault("requests", "2000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "4"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "1000"));
        int sessions = Integer.parseInt(options.getOrDefault("sessions",
                String.valueOf(Arrays.stream(threadCounts).max().orElse(1))));
        int schools = Integer.parseInt(options.getOrDefault("schools", "1"));
        if (schools < 1 || schools > sessions || pupils < schools) {
            throw new IllegalArgumentException("--schools must be at least 1 and at most --sessions and --pupils");
        }
        // Keep-alive connections for every client thread (the JDK keeps 5 idle ones by default).
        System.setProperty("http.maxConnections", "512");

        // A throwaway data directory (database, keys) for each run.
        Path dataDir = BenchmarkSupport.freshDataDir();
        int status;
        try (ConfigurableApplicationContext context = BenchmarkSupport.start(dataDir)) {
            status = new PupilReadBenchmark(context).run(pupils, threadCounts, requests, rounds, warmup, sessions, schools);
        }
        BenchmarkSupport.delete(dataDir);
        System.exit(status);
    }

    private final ConfigurableApplicationContext context;
    private final int port;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final BenchmarkSupport.CpuMeter cpu;

    PupilReadBenchmark(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.tenancy = context.getBean(Tenancy.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.cpu = new BenchmarkSupport.CpuMeter(jdbc);
    }

    int run(int pupilCount, int[] threadCounts, int requests, int rounds, int warmup, int sessions, int schoolCount)
            throws Exception {
        long setupStart = System.nanoTime();
        String hash = context.getBean(InformationSharingAgreements.class).current().orElseThrow().contentHash();
        List<UUID> schools = new ArrayList<>();
        List<List<UUID>> pupilsBySchool = new ArrayList<>();
        for (int s = 0; s < schoolCount; s++) {
            UUID school = context.getBean(Schools.class).register(registration(), null).school().id();
            CustodianUser admin = account(school, Role.SCHOOL_ADMIN);
            context.getBean(InformationSharingAgreements.class)
                    .accept(school, hash, "Benchmark Signer", "Headteacher", "127.0.0.1", admin);
            // Pupil numbers (and so UPNs) continue across schools: each pupil is a different child.
            int first = s * pupilCount / schoolCount;
            int last = (s + 1) * pupilCount / schoolCount;
            pupilsBySchool.add(createPupils(school, account(school, Role.DATA_MANAGER), first, last));
            schools.add(school);
        }
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            UUID school = schools.get(i % schoolCount);
            clients.add(new Client(port, signIn(account(school, Role.TEACHER)).cookieHeader(),
                    pupilsBySchool.get(i % schoolCount)));
        }
        BenchmarkSupport.analyze(context);
        System.out.printf(Locale.ROOT, "setup: %d pupils in %d school(s), %d teachers signed in, planner statistics gathered (%.1f s)%n",
                pupilCount, schoolCount, sessions, (System.nanoTime() - setupStart) / 1e9);

        Client client = clients.get(0);
        String full = client.body(FULL + client.pupils().get(0));
        String plain = client.body(PlainPupilController.PATH + client.pupils().get(0));
        if (!full.equals(plain)) {
            throw new IllegalStateException("The baseline does not return the same record as the full path");
        }
        System.out.println("check: both endpoints return the identical JSON record (" + full.length() + " bytes)");
        long entriesBefore = logEntries(schools);

        System.out.println(machine());
        System.out.printf(Locale.ROOT, "client threads share %d teacher sessions (thread t uses session t mod %d) in %d school(s)"
                + " (session s in school s mod %d, reading only that school's pupils)%n%n", sessions, sessions,
                schoolCount, schoolCount);
        System.out.println("| threads | endpoint | requests | throughput (req/s) | p50 (ms) | p99 (ms) | max (ms)"
                + " | commits/req | WAL flushes/req | CPU ms/req | of which PostgreSQL | 2 cores / CPU (req/s) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> verdicts = new ArrayList<>();
        long fullRequests = 0;
        for (int threads : threadCounts) {
            Load load = new Load(clients, threads);
            load.run(PlainPupilController.PATH, warmup);
            load.run(FULL, warmup);
            fullRequests += warmup;
            Stats baseline = new Stats(), fullPath = new Stats();
            for (int round = 0; round < rounds; round++) {
                // Alternate which endpoint goes first, so neither always follows the other.
                if (round % 2 == 0) {
                    measure(baseline, load, PlainPupilController.PATH, requests);
                    measure(fullPath, load, FULL, requests);
                } else {
                    measure(fullPath, load, FULL, requests);
                    measure(baseline, load, PlainPupilController.PATH, requests);
                }
                fullRequests += requests;
            }
            System.out.println(baseline.row(threads, "baseline (plain select)"));
            System.out.println(fullPath.row(threads, "full path"));
            double ratio = fullPath.throughput() / baseline.throughput();
            double p99Ratio = fullPath.p(0.99) / baseline.p(0.99);
            verdicts.add(String.format(Locale.ROOT,
                    "%d threads, %d school(s): full/baseline throughput %.2f -> %s (target >= %.2f; aim %.2f: %s, gap %+.2f); "
                            + "full/baseline p99 %.2f -> %s (target <= %.1f); full path %.0f req/s at p99 %.1f ms, "
                            + "baseline %.0f req/s at p99 %.1f ms",
                    threads, schoolCount, ratio, verdict(ratio >= TARGET_RATIO), TARGET_RATIO, AIM_RATIO,
                    verdict(ratio >= AIM_RATIO), ratio - AIM_RATIO, p99Ratio, verdict(p99Ratio <= TARGET_P99_RATIO),
                    TARGET_P99_RATIO, fullPath.throughput(), fullPath.p(0.99), baseline.throughput(), baseline.p(0.99)));
        }
        System.out.println();
        verdicts.forEach(System.out::println);
        System.out.println("load average at the end: " + loadAverage());

        long logged = logEntries(schools) - entriesBefore;
        boolean intact = true;
        long integrated = 0;
        for (UUID school : schools) {
            var verification = context.getBean(AccessLogVerifier.class).verify(school);
            intact &= verification.intact();
            integrated += verification.treeSize();
        }
        System.out.printf(Locale.ROOT, "access log: %d entries appended by full-path reads (%d sent), %d tree(s) %s (%d entries integrated)%n",
                logged, fullRequests, schools.size(), intact ? "intact" : "BROKEN", integrated);
        return logged == fullRequests && intact ? 0 : 1;
    }

    /** One round, with the database's commit and WAL flush counters read around it. */
    private void measure(Stats stats, Load load, String path, int requests) throws Exception {
        Counters before = counters();
        long cpuBefore = cpuNanos();
        long databaseBefore = postgresNanos();
        Result result = load.run(path, requests);
        long cpu = cpuNanos() - cpuBefore;
        long database = postgresNanos() - databaseBefore;
        Counters after = counters();
        stats.add(result, after.commits() - before.commits(), after.walSyncs() - before.walSyncs(), cpu, database);
    }

    record Counters(long commits, long walSyncs) {
    }

    /** Server-wide counters; backends report them at most once a second, so wait for that first. */
    private Counters counters() throws InterruptedException {
        Thread.sleep(1_100);
        long commits = jdbc.sql("select sum(xact_commit) from pg_stat_database").query(Long.class).single();
        long syncs = jdbc.sql("select wal_sync from pg_stat_wal").query(Long.class).single();
        return new Counters(commits, syncs);
    }

    /** CPU time used so far by this JVM (load clients and application) plus the embedded PostgreSQL. */
    private long cpuNanos() throws IOException {
        return cpu.jvmNanos() + cpu.postgresNanos();
    }

    private long postgresNanos() throws IOException {
        return cpu.postgresNanos();
    }

    private static String verdict(boolean met) {
        return met ? "PASS" : "MISS";
    }

    private long logEntries(List<UUID> schools) {
        long entries = 0;
        for (UUID school : schools) {
            entries += tenancy.inSchool(school, () -> jdbc.sql(
                    "select count(*) from access_log_entry where school_id = ? and action = 'READ'")
                    .param(school).query(Long.class).single());
        }
        return entries;
    }

    private static SchoolRegistration registration() {
        return BenchmarkSupport.registration();
    }

    private CustodianUser account(UUID school, Role role) {
        return BenchmarkSupport.account(context, school, role);
    }

    /**
     * Pupils through the real facade (encrypted, blind-indexed, each creation logged), and for each an
     * unencrypted copy of the same row for the baseline.
     */
    private List<UUID> createPupils(UUID school, CustodianUser dataManager, int first, int last) {
        PupilRecords records = context.getBean(PupilRecords.class);
        List<UUID> ids = new ArrayList<>();
        for (int i = first; i < last; i++) {
            String body = String.format(Locale.ROOT, "%03d%04d%02d%03d", 900 + i / 1000, 4321, 26, i % 1000);
            String upn = Upn.checkLetter(body) + body;
            String letters = letters(i);
            int year = 7 + i % 5;
            String group = year + String.valueOf((char) ('A' + i % 7));
            List<String> classes = List.of(group + "/Ma1", group + "/En1");
            PupilData data = new PupilData(upn, "Fakeforename" + letters, "Fakesurname" + letters,
                    "20" + (14 - i % 5) + "-0" + (1 + i % 9) + "-1" + i % 10, "A" + (10_000 + i), i % 2 == 0 ? "F" : "M",
                    String.valueOf(year), group, classes, Map.of());
            UUID id = records.create(new AccessContext(dataManager, "DATA_MANAGEMENT", null, UUID.randomUUID().toString(),
                    "127.0.0.1"), data).id();
            tenancy.inSchool(school, () -> jdbc.sql("""
                            insert into bench_plain_pupil (school_id, id, upn, forename, surname, date_of_birth,
                                admission_number, sex, nc_year, registration_group, classes, version, created_at, updated_at)
                            select school_id, id, ?, ?, ?, ?::date, ?, ?, ?, ?, ?::text[], version, created_at, updated_at
                            from pupil where school_id = ? and id = ?""")
                    .params(data.upn(), data.forename(), data.surname(), data.dateOfBirth(), data.admissionNumber(),
                            data.sex(), data.ncYear(), data.registrationGroup(),
                            data.classes().stream().sorted().toArray(String[]::new), school, id)
                    .update());
            ids.add(id);
        }
        return ids;
    }

    private static String letters(int n) {
        StringBuilder letters = new StringBuilder();
        for (int rest = n + 1; rest > 0; rest /= 26) {
            letters.append((char) ('a' + rest % 26));
        }
        return letters.toString();
    }

    private Browser signIn(CustodianUser user) {
        return BenchmarkSupport.signIn(port, user);
    }

    private static String machine() throws IOException {
        return BenchmarkSupport.machine();
    }

    private static String loadAverage() throws IOException {
        return BenchmarkSupport.loadAverage();
    }

    /** Blocking HTTP/1.1 with keep-alive, the session cookie and the teaching purpose on every call. */
    /** {@code pupils}: the pupils of the teacher's school, the only ones this client reads. */
    record Client(int port, String cookie, List<UUID> pupils) {

        String body(String path) throws IOException {
            HttpURLConnection connection = open(path);
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }

        /** Sends one GET, reads the whole answer (so the connection is reused) and returns the status. */
        int get(String path) throws IOException {
            HttpURLConnection connection = open(path);
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status;
        }

        private HttpURLConnection open(String path) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                    .openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("Cookie", cookie);
            connection.setRequestProperty(PURPOSE_HEADER, TEACHING);
            return connection;
        }
    }

    /** A closed loop: {@code threads} clients each send their next request as soon as the last one answered. */
    record Load(List<Client> clients, int threads) {

        Result run(String path, int requests) throws Exception {
            long[] latencies = new long[requests];
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> workers = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    Client client = clients.get(t % clients.size());
                    workers.add(pool.submit(() -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                            UUID id = client.pupils().get(random.nextInt(client.pupils().size()));
                            long sent = System.nanoTime();
                            int status = client.get(path + id);
                            latencies[i] = System.nanoTime() - sent;
                            if (status != 200) {
                                throw new IllegalStateException("GET " + path + " answered " + status);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
                return new Result(latencies, System.nanoTime() - start);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    record Result(long[] latencies, long elapsedNanos) {
    }

    /** The rounds of one endpoint at one concurrency, pooled. */
    static final class Stats {
        private final List<long[]> rounds = new ArrayList<>();
        private long elapsed;
        private long commits;
        private long walSyncs;
        private long cpuNanos;
        private long databaseNanos;
        private long[] sorted;

        void add(Result result, long commits, long walSyncs, long cpuNanos, long databaseNanos) {
            this.cpuNanos += cpuNanos;
            this.databaseNanos += databaseNanos;
            rounds.add(result.latencies());
            elapsed += result.elapsedNanos();
            this.commits += commits;
            this.walSyncs += walSyncs;
            sorted = null;
        }

        long requests() {
            return rounds.stream().mapToLong(r -> r.length).sum();
        }

        double throughput() {
            return requests() / (elapsed / 1e9);
        }

        /** The q-quantile latency in milliseconds (nearest rank). */
        double p(double q) {
            if (sorted == null) {
                sorted = rounds.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            }
            int rank = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(rank, sorted.length - 1))] / 1e6;
        }

        String row(int threads, String endpoint) {
            return String.format(Locale.ROOT, "| %d | %s | %d | %.0f | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %.2f | %.0f |",
                    threads, endpoint, requests(), throughput(), p(0.5), p(0.99), p(1.0), (double) commits / requests(),
                    (double) walSyncs / requests(), cpuMillisPerRequest(), databaseNanos / 1e6 / requests(),
                    2_000 / cpuMillisPerRequest());
        }

        /** CPU milliseconds one request costs: clients, application and database together. */
        double cpuMillisPerRequest() {
            return cpuNanos / 1e6 / requests();
        }
    }
}
