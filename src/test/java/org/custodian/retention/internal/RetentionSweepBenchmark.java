package org.custodian.retention.internal;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.custodian.bench.BenchmarkSupport;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilRecords;
import org.custodian.pupils.Upn;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The retention sweep benchmark (bench/retention-sweep.sh): a sweep deleting {@code --leavers}
 * leavers (crypto-shredding, row deletion, tombstone, access-log entry each) against a plain
 * DELETE of as many pupil rows and data keys in the same run (and, to show what batching alone
 * costs, the same DELETE in the sweep's batches); and the p99 of pupil reads by a
 * teacher of another school while the sweep runs against the p99 of the same reads without it.
 * Leavers are clones of one real encrypted record (same sizes), each with its own data-key row
 * and UPN fingerprint.
 */
public final class RetentionSweepBenchmark {

    private static final double TARGET_SWEEP_RATIO = 3.0;
    private static final double TARGET_P99_RATIO = 2.0;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.options(args);
        int leavers = Integer.parseInt(options.getOrDefault("leavers", "100000"));
        int baselineReads = Integer.parseInt(options.getOrDefault("reads", "3000"));
        Path dataDir = BenchmarkSupport.freshDataDir();
        try (ConfigurableApplicationContext context = BenchmarkSupport.start(dataDir)) {
            new RetentionSweepBenchmark(context).run(leavers, baselineReads);
        }
        BenchmarkSupport.delete(dataDir);
        System.exit(0);
    }

    private final ConfigurableApplicationContext context;
    private final JdbcClient jdbc;
    private final org.custodian.support.KeyTables keyTables;
    private final Tenancy tenancy;
    private final PupilRecords records;
    private final int port;

    RetentionSweepBenchmark(ConfigurableApplicationContext context) {
        this.context = context;
        this.jdbc = context.getBean(JdbcClient.class);
        this.keyTables = new org.custodian.support.KeyTables(context.getBeanProvider(org.custodian.database.KeysDatabase.class));
        this.tenancy = context.getBean(Tenancy.class);
        this.records = context.getBean(PupilRecords.class);
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    void run(int leavers, int baselineReads) throws Exception {
        long setup = System.nanoTime();
        UUID swept = school();
        UUID plain = school();
        UUID batched = school();
        UUID read = school();
        load(swept, leavers);
        load(plain, leavers);
        load(batched, leavers);
        List<UUID> onRoll = new ArrayList<>();
        CustodianUser dataManager = BenchmarkSupport.account(context, read, Role.DATA_MANAGER);
        for (int i = 0; i < 200; i++) {
            onRoll.add(create(read, dataManager, 900_000 + i));
        }
        String cookie = BenchmarkSupport.signIn(port, BenchmarkSupport.account(context, read, Role.TEACHER)).cookieHeader();
        BenchmarkSupport.analyze(context);
        System.out.printf(Locale.ROOT, "setup: 3 x %d leavers, %d pupils on roll to read (%.1f s)%n", leavers, onRoll.size(),
                (System.nanoTime() - setup) / 1e9);

        reads(cookie, onRoll, baselineReads, null); // warm-up
        long[] quiet = reads(cookie, onRoll, baselineReads, null);

        // Every deletion below is timed while the same reader reads pupils of another school, so the
        // sweep and its baselines share the machine alike.
        long[] deleted = new long[1];
        Timed plainRun = withReads(cookie, onRoll, () -> deleted[0] = tenancy.inSchool(plain, () -> {
            keyTables.inSchool(plain, keys -> keys.sql("delete from subject_data_key where school_id = ? and subject_kind = 'PUPIL'")
                    .params(plain).update());
            return jdbc.sql("delete from pupil where school_id = ? and leaving_date is not null").params(plain).update();
        }));
        double plainSeconds = plainRun.seconds();

        // The same rows deleted in the sweep's batch size, each batch its own transaction: how much of
        // the sweep's time is batching rather than the work a sweep adds (tombstones, ledger, log, record).
        int batchSize = context.getBean(SweepProperties.class).sweepBatchSize();
        long[] batchedDeleted = new long[1];
        Timed batchedRun = withReads(cookie, onRoll, () -> {
            while (true) {
                int n = tenancy.inSchool(batched, () -> {
                    List<UUID> ids = jdbc.sql("select id from pupil where school_id = ? and leaving_date is not null"
                            + " order by leaving_date, id limit ?").params(batched, batchSize).query(UUID.class).list();
                    keyTables.inSchool(batched, keys -> keys.sql(
                                    "delete from subject_data_key where school_id = ? and subject_id = any (?)")
                            .params(batched, ids.toArray(UUID[]::new)).update());
                    return jdbc.sql("delete from pupil where school_id = ? and id = any (?)")
                            .params(batched, ids.toArray(UUID[]::new)).update();
                });
                if (n == 0) {
                    break;
                }
                batchedDeleted[0] += n;
            }
        });
        double batchedSeconds = batchedRun.seconds();

        RetentionSweeps sweeps = context.getBean(RetentionSweeps.class);
        UUID[] certificate = new UUID[1];
        Timed sweepRun = withReads(cookie, onRoll, () -> certificate[0] = sweeps.sweep(swept).orElseThrow().id());
        double sweepSeconds = sweepRun.seconds();
        long[][] during = {sweepRun.latencies()};
        long left = tenancy.inSchool(swept, () -> jdbc.sql("select count(*) from pupil where school_id = ?").params(swept)
                .query(Long.class).single());
        if (left != 0 || deleted[0] != leavers || batchedDeleted[0] != leavers) {
            throw new IllegalStateException("Not every leaver was deleted");
        }

        double quietP99 = p(quiet, 0.99);
        double duringP99 = p(during[0], 0.99);
        System.out.println(BenchmarkSupport.machine());
        System.out.printf(Locale.ROOT, "plain DELETE of %d pupils and data keys (one statement each): %.2f s%n", leavers, plainSeconds);
        System.out.printf(Locale.ROOT, "the same DELETE in batches of %d, one transaction each: %.2f s%n", batchSize, batchedSeconds);
        System.out.printf(Locale.ROOT, "sweep of %d leavers (crypto-shred, rows, tombstone, access log, certificate %s): %.2f s (%.0f leavers/s)%n",
                leavers, certificate[0], sweepSeconds, leavers / sweepSeconds);
        System.out.printf(Locale.ROOT, "pupil reads without the sweep: %d, p50 %.1f ms, p99 %.1f ms%n", quiet.length,
                p(quiet, 0.5), quietP99);
        System.out.printf(Locale.ROOT, "pupil reads during the plain DELETE: %d, p99 %.1f ms; during the batched DELETE: %d, p99 %.1f ms%n",
                plainRun.latencies().length, p(plainRun.latencies(), 0.99), batchedRun.latencies().length,
                p(batchedRun.latencies(), 0.99));
        System.out.printf(Locale.ROOT, "pupil reads during the sweep: %d, p50 %.1f ms, p99 %.1f ms%n", during[0].length,
                p(during[0], 0.5), duringP99);
        System.out.printf(Locale.ROOT, "sweep / batched DELETE: %.1fx (what the sweep adds beyond batching)%n", sweepSeconds / batchedSeconds);
        System.out.printf(Locale.ROOT, "RESULT sweep/plain %.1fx (target <= %.0fx: %s); read p99 during/without %.2fx (target <= %.0fx: %s); load %s%n",
                sweepSeconds / plainSeconds, TARGET_SWEEP_RATIO, sweepSeconds / plainSeconds <= TARGET_SWEEP_RATIO ? "met" : "missed",
                duringP99 / quietP99, TARGET_P99_RATIO, duringP99 / quietP99 <= TARGET_P99_RATIO ? "met" : "missed",
                BenchmarkSupport.loadAverage());
    }

    record Timed(double seconds, long[] latencies) {
    }

    /** Runs the work while a reader reads pupils one after another; its time and the reads' latencies. */
    private Timed withReads(String cookie, List<UUID> onRoll, Runnable work) throws InterruptedException {
        AtomicBoolean working = new AtomicBoolean(true);
        long[][] latencies = new long[1][];
        Thread reader = new Thread(() -> {
            try {
                latencies[0] = reads(cookie, onRoll, Integer.MAX_VALUE, working);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            working.set(false);
            reader.join();
        }
        return new Timed((System.nanoTime() - start) / 1e9, latencies[0]);
    }

    private UUID school() {
        UUID school = context.getBean(Schools.class).register(BenchmarkSupport.registration(), null).school().id();
        CustodianUser admin = BenchmarkSupport.account(context, school, Role.SCHOOL_ADMIN);
        var agreements = context.getBean(InformationSharingAgreements.class);
        agreements.accept(school, agreements.current().orElseThrow().contentHash(), "Benchmark Signer", "Headteacher",
                "127.0.0.1", admin);
        return school;
    }

    /** One real encrypted record and {@code count - 1} clones of it, all left a year and a month ago. */
    private void load(UUID school, int count) {
        CustodianUser dataManager = BenchmarkSupport.account(context, school, Role.DATA_MANAGER);
        UUID template = create(school, dataManager, count);
        LocalDate left = LocalDate.now().minusYears(1).minusMonths(1);
        tenancy.inSchool(school, () -> {
            jdbc.sql("""
                            create temporary table bench_ids on commit drop as
                            select gen_random_uuid() as id from generate_series(1, ?)""").params(count - 1).update();
            jdbc.sql("""
                            insert into pupil (school_id, id, created_at, upn_ct, forename_ct, surname_ct, date_of_birth_ct,
                                admission_number_ct, sex_ct, nc_year_ct, upn_index, forename_index, surname_index,
                                index_key_id, version, updated_at, leaving_date)
                            select p.school_id, b.id, p.created_at, p.upn_ct, p.forename_ct, p.surname_ct, p.date_of_birth_ct,
                                p.admission_number_ct, p.sex_ct, p.nc_year_ct,
                                decode(md5(b.id::text) || md5(b.id::text || 'u'), 'hex'), p.forename_index, p.surname_index,
                                p.index_key_id, 1, p.updated_at, ?
                            from pupil p cross join bench_ids b where p.school_id = ? and p.id = ?""")
                    .params(left, school, template).update();
            UUID[] clones = jdbc.sql("select id from bench_ids").query(UUID.class).list().toArray(UUID[]::new);
            keyTables.inSchool(school, keys -> keys.sql("""
                            insert into subject_data_key (school_id, subject_id, subject_kind, wrapped_key, wrapping_key_id,
                                created_at, confirmed_at)
                            select k.school_id, b.id, k.subject_kind, k.wrapped_key, k.wrapping_key_id, k.created_at, k.created_at
                            from subject_data_key k cross join unnest(?::uuid[]) as b(id) where k.school_id = ? and k.subject_id = ?""")
                    .params(clones, school, template).update());
            jdbc.sql("update pupil set leaving_date = ? where school_id = ? and id = ?").params(left, school, template).update();
        });
    }

    private UUID create(UUID school, CustodianUser dataManager, int n) {
        String body = String.format(Locale.ROOT, "%03d%04d%02d%03d", 800 + n / 1000 % 100, 4321, 26, n % 1000);
        PupilData data = new PupilData(Upn.checkLetter(body) + body, "Fakeforename", "Fakesurname", "2012-03-14",
                "A" + n, "F", "8", "8A", List.of("8A/Ma1"), Map.of());
        return records.create(new AccessContext(dataManager, "DATA_MANAGEMENT", null, UUID.randomUUID().toString(),
                "127.0.0.1"), data).id();
    }

    /** Reads pupils one after another until {@code count} are done or {@code until} turns false; each latency in ns. */
    private long[] reads(String cookie, List<UUID> pupils, int count, AtomicBoolean until) throws Exception {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < count && (until == null || until.get()); i++) {
            long start = System.nanoTime();
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/v1/pupils/"
                    + pupils.get(i % pupils.size())).toURL().openConnection();
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("Cookie", cookie);
            connection.setRequestProperty("Custodian-Purpose", "TEACHING_AND_LEARNING");
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            if (status != 200) {
                throw new IllegalStateException("A read answered " + status);
            }
            latencies.add(System.nanoTime() - start);
        }
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    private static double p(long[] latencies, double quantile) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
