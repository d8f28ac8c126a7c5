package org.custodian.accesslog.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.custodian.accesslog.internal.tree.CompactRange;
import org.custodian.accesslog.internal.tree.MerkleProofs;
import org.custodian.accesslog.internal.tree.MerkleProofs.StoredHashes;
import org.custodian.bench.BenchmarkSupport;
import org.custodian.identity.Role;
import org.custodian.support.Browser;
import org.custodian.schools.Schools;
import org.custodian.support.DatabaseOwner;
import org.custodian.tenancy.Tenancy;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The transparency log's benchmark, run by {@code bench/access-log-sequencer.sh}; in this package
 * because the sequencer, the tree store and the checkpoint store are the module's internals. Starts
 * the application in the {@code benchmark} profile like the other benchmarks, then, in the same run:
 *
 * <ol>
 * <li><b>Sequencer</b> ({@code --entries}, default 1,000,000; 0 skips): baseline, one school's
 * entries inserted into {@code access_log_entry} by one {@code insert … select generate_series} as the
 * schema owner (the table's indexes and both triggers fire: the subject row and the pending row), timed;
 * then the real {@link AccessLogSequencer#integrate} of the pending entries this left, timed. The
 * school's sequencer lock is held (a session advisory lock on another connection) from before the
 * insert until the integration starts, so the scheduled sequencer, which only tries that lock,
 * skips the school meanwhile.</li>
 * <li><b>Proofs</b> ({@code --tree}, default 10,000,000; 0 skips): a school's tree of that many leaves,
 * leaves by SQL and subtree hashes by {@link CompactRange} in Java (what the sequencer stores, without
 * its batches), then inclusion and consistency proofs generated as the proof endpoints do (checkpoint,
 * leaf lookup, one batched read of stored hashes, hashing; one school transaction each), against a
 * primary-key select of one stored hash in the same kind of transaction, interleaved; then the
 * proof endpoints over HTTP, signed in as the school's DPO, against the checkpoint endpoint.</li>
 * </ol>
 * Prints figures and ratios; asserts nothing about time. Exits non-zero only if the result is wrong
 * (tree size, root, a proof that does not verify).
 */
public final class AccessLogSequencerBenchmark {

    private static final String LOCK = "select pg_advisory_lock(hashtextextended('access_log_sequencer:' || ?, 0))";
    private static final String UNLOCK = "select pg_advisory_unlock(hashtextextended('access_log_sequencer:' || ?, 0))";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.options(args);
        int entries = Integer.parseInt(options.getOrDefault("entries", "1000000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "100000"));
        long treeSize = Long.parseLong(options.getOrDefault("tree", "10000000"));
        int proofs = Integer.parseInt(options.getOrDefault("proofs", "2000"));
        Path dataDir = BenchmarkSupport.freshDataDir();
        boolean ok = true;
        try {
            try (ConfigurableApplicationContext context = BenchmarkSupport.start(dataDir)) {
                AccessLogSequencerBenchmark bench = new AccessLogSequencerBenchmark(context);
                System.out.println(BenchmarkSupport.machine());
                if (entries > 0) {
                    ok &= bench.sequencer(entries, warmup);
                }
                if (treeSize > 0) {
                    ok &= bench.proofs(treeSize, proofs);
                }
                System.out.println("load average at the end: " + BenchmarkSupport.loadAverage());
            }
        } finally {
            // Several GB after a 10M tree: never left behind, even when the run broke.
            BenchmarkSupport.delete(dataDir);
        }
        System.exit(ok ? 0 : 1);
    }

    private final ConfigurableApplicationContext context;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final DatabaseOwner owner;
    private final BenchmarkSupport.CpuMeter cpu;

    private AccessLogSequencerBenchmark(ConfigurableApplicationContext context) {
        this.context = context;
        this.tenancy = context.getBean(Tenancy.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.owner = DatabaseOwner.of(context);
        this.cpu = new BenchmarkSupport.CpuMeter(jdbc);
    }

    private UUID newSchool() {
        return context.getBean(Schools.class).register(BenchmarkSupport.registration(), null).school().id();
    }

    // ---------------------------------------------------------------- sequencer

    private boolean sequencer(int entries, int warmup) throws Exception {
        AccessLogSequencer sequencer = context.getBean(AccessLogSequencer.class);
        UUID warm = newSchool();
        UUID school = newSchool();
        try (Connection lock = owner.connect(); Connection load = owner.connect()) {
            hold(lock, LOCK, warm);
            hold(lock, LOCK, school);
            if (warmup > 0) {
                insertEntries(load, warm, warmup);
                hold(lock, UNLOCK, warm);
                long began = System.nanoTime();
                sequencer.integrate(warm);
                System.out.printf(Locale.ROOT, "warm-up (untimed for the ratio): %,d entries inserted and integrated in another school"
                        + " (integration %.1f s)%n", warmup, (System.nanoTime() - began) / 1e9);
            }

            Phase insert = Phase.start(cpu);
            insertEntries(load, school, entries);
            insert = insert.stop(cpu);
            long pending = tenancy.inSchool(school, () -> jdbc.sql("select count(*) from access_log_pending where school_id = ?")
                    .param(school).query(Long.class).single());

            // What autovacuum does soon after a bulk insert; untimed, before the integration only.
            long vacuumBegan = System.nanoTime();
            try (Statement statement = load.createStatement()) {
                statement.execute("vacuum analyze access_log_entry, access_log_subject, access_log_pending");
            }
            double vacuumSeconds = (System.nanoTime() - vacuumBegan) / 1e9;
            // What the scheduled sequencer pays every second to find the schools with entries waiting.
            double[] discovery = new double[5];
            for (int i = 0; i < discovery.length; i++) {
                long began = System.nanoTime();
                tenancy.asPlatform(() -> jdbc.sql("select distinct school_id from access_log_pending").query(UUID.class).list());
                discovery[i] = (System.nanoTime() - began) / 1e6;
            }
            Arrays.sort(discovery);
            // The same answer by a loose index scan (one index descent per school), for comparison only.
            double[] looseScan = new double[5];
            for (int i = 0; i < looseScan.length; i++) {
                long began = System.nanoTime();
                tenancy.asPlatform(() -> jdbc.sql("""
                        with recursive schools(school_id) as (
                            (select school_id from access_log_pending order by school_id limit 1)
                            union all
                            select (select p.school_id from access_log_pending p where p.school_id > s.school_id
                                    order by p.school_id limit 1)
                            from schools s where s.school_id is not null
                        )
                        select school_id from schools where school_id is not null""").query(UUID.class).list());
                looseScan[i] = (System.nanoTime() - began) / 1e6;
            }
            Arrays.sort(looseScan);

            hold(lock, UNLOCK, school);
            Phase integrate = Phase.start(cpu);
            long integratedHere = sequencer.integrate(school);
            integrate = integrate.stop(cpu);

            Tree tree = tenancy.inSchool(school, () -> new Tree(
                    jdbc.sql("select count(*) from access_log_pending where school_id = ?").param(school).query(Long.class).single(),
                    jdbc.sql("select count(*) from access_log_checkpoint where school_id = ?").param(school).query(Long.class).single(),
                    jdbc.sql("select count(*) from access_log_node where school_id = ?").param(school).query(Long.class).single(),
                    context.getBean(CheckpointStore.class).latest(school).orElseThrow()));
            byte[] recomputed = rootFromLeaves(load, school);
            boolean right = tree.pending() == 0 && tree.latest().treeSize() == entries
                    && Arrays.equals(recomputed, tree.latest().root());

            System.out.println();
            System.out.printf(Locale.ROOT, "Sequencer: %,d entries of one school (sequencer batch %d: %d checkpoints, %,d stored subtree hashes)%n",
                    entries, context.getEnvironment().getProperty("custodian.access-log.sequencer-batch", Integer.class, 20000),
                    tree.checkpoints(), tree.nodes());
            System.out.println();
            System.out.println("| phase | time (s) | entries/s | JVM CPU (s) | PostgreSQL CPU (s) | ratio to baseline |");
            System.out.println("|---|---|---|---|---|---|");
            System.out.println(insert.row("baseline: insert the entries (one insert … select, owner, indexes and triggers)", entries, insert));
            System.out.println(integrate.row("integrate the pending entries (AccessLogSequencer.integrate)", entries, insert));
            System.out.println();
            double ratio = integrate.seconds() / insert.seconds();
            System.out.printf(Locale.ROOT, "integrate/insert time %.2f -> %s (target <= 1.5)%n", ratio, ratio <= 1.5 ? "PASS" : "MISS");
            System.out.printf(Locale.ROOT, "pending after the insert: %,d; vacuum analyze before the integration (untimed): %.1f s;"
                    + " the scheduled run's 'select distinct school_id from access_log_pending' with them waiting: median %.1f ms, max %.1f ms%n",
                    pending, vacuumSeconds, discovery[discovery.length / 2], discovery[discovery.length - 1]);
            System.out.printf(Locale.ROOT, "  (for comparison, the same schools by a loose index scan, a recursive query"
                    + " taking the next school_id above the last: median %.2f ms, max %.2f ms)%n",
                    looseScan[looseScan.length / 2], looseScan[looseScan.length - 1]);
            System.out.printf(Locale.ROOT, "check: %,d integrated by this call (the rest, if any, by the scheduled run between its batches);"
                    + " %,d still pending; latest checkpoint size %,d; root recomputed from the stored leaves %s%n",
                    integratedHere, tree.pending(), tree.latest().treeSize(),
                    Arrays.equals(recomputed, tree.latest().root()) ? "matches" : "DIFFERS");
            return right;
        }
    }

    private record Tree(long pending, long checkpoints, long nodes, CheckpointStore.Stored latest) {
    }

    /** Appends {@code rows} READ entries as {@code SyntheticAccessLog} does (placeholder leaf hashes), in one statement. */
    private static void insertEntries(Connection connection, UUID school, int rows) throws SQLException {
        scope(connection, school);
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into access_log_entry (school_id, sequence, actor_id, actor_role, subject_ids, fields,
                    action, purpose, reason, occurred_at, request_id, source_ip, format, leaf_hash)
                select ?::uuid, nextval('access_log_entry_sequence'),
                       ('00000000-0000-4000-9000-' || lpad((i % 150)::text, 12, '0'))::uuid,
                       'TEACHER',
                       array[('00000000-0000-4000-8000-' || lpad(((i::bigint * 7919) % 1500)::text, 12, '0'))::uuid],
                       array['name', 'attendance'], 'READ', 'TEACHING_AND_LEARNING', null,
                       now() - make_interval(secs => (? - i)::double precision), 'bench', '192.0.2.1', 2,
                       sha256(i::text::bytea)
                from generate_series(1, ?) as i""")) {
            insert.setObject(1, school);
            insert.setInt(2, rows);
            insert.setInt(3, rows);
            insert.executeUpdate();
        }
    }

    private static void scope(Connection connection, UUID school) throws SQLException {
        try (PreparedStatement scope = connection.prepareStatement("select set_config('custodian.school_id', ?, false)")) {
            scope.setString(1, school.toString());
            scope.execute();
        }
    }

    private static void hold(Connection connection, String sql, UUID school) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, school.toString());
            statement.execute();
        }
    }

    /** The root of the school's stored leaves, recomputed independently of the sequencer's checkpoints. */
    private static byte[] rootFromLeaves(Connection connection, UUID school) throws SQLException {
        CompactRange range = CompactRange.empty();
        eachLeaf(connection, school, hash -> range.append(hash));
        return range.root();
    }

    private interface LeafConsumer {
        void accept(byte[] hash) throws SQLException;
    }

    private static void eachLeaf(Connection connection, UUID school, LeafConsumer consumer) throws SQLException {
        scope(connection, school);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement leaves = connection.prepareStatement(
                "select leaf_hash from access_log_leaf where school_id = ? order by position")) {
            leaves.setObject(1, school);
            leaves.setFetchSize(10_000);
            try (ResultSet rs = leaves.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs.getBytes(1));
                }
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Wall time and CPU (JVM, PostgreSQL) of one timed phase. */
    private record Phase(long nanos, long jvmNanos, long postgresNanos) {

        static Phase start(BenchmarkSupport.CpuMeter cpu) throws IOException {
            return new Phase(System.nanoTime(), cpu.jvmNanos(), cpu.postgresNanos());
        }

        Phase stop(BenchmarkSupport.CpuMeter cpu) throws IOException {
            return new Phase(System.nanoTime() - nanos, cpu.jvmNanos() - jvmNanos, cpu.postgresNanos() - postgresNanos);
        }

        double seconds() {
            return nanos / 1e9;
        }

        String row(String name, long entries, Phase baseline) {
            return String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f | %.1f | %.2f |", name, seconds(),
                    entries / seconds(), jvmNanos / 1e9, postgresNanos / 1e9, seconds() / baseline.seconds());
        }
    }

    // ---------------------------------------------------------------- proofs

    private boolean proofs(long size, int runs) throws Exception {
        UUID school = newSchool();
        JdbcAccessLogTree tree = context.getBean(JdbcAccessLogTree.class);
        CheckpointStore checkpointStore = context.getBean(CheckpointStore.class);
        long began = System.nanoTime();
        long leavesMs;
        long nodes = 0;
        CompactRange range = CompactRange.empty();
        try (Connection load = owner.connect(); Connection nodeWriter = owner.connect()) {
            scope(load, school);
            // Leaf i: position i, entry sequence i, leaf hash SHA-256 of i (8 bytes, big-endian).
            try (PreparedStatement leaves = load.prepareStatement("""
                    insert into access_log_leaf (school_id, position, entry_sequence, leaf_hash)
                    select ?, i, i, sha256(int8send(i)) from generate_series(0, ? - 1) as i""")) {
                leaves.setObject(1, school);
                leaves.setLong(2, size);
                leaves.executeUpdate();
            }
            leavesMs = (System.nanoTime() - began) / 1_000_000;
            scope(nodeWriter, school);
            NodeBatch batch = new NodeBatch(nodeWriter, school);
            eachLeaf(load, school, hash -> {
                for (CompactRange.Subtree subtree : range.append(hash)) {
                    batch.add(subtree);
                }
            });
            batch.flush();
            nodes = batch.written;
            try (Statement statement = load.createStatement()) {
                statement.execute("vacuum analyze access_log_leaf, access_log_node");
            }
        }
        byte[] root = range.root();
        CheckpointSignatures signatures = context.getBean(CheckpointSignatures.class);
        tenancy.inSchool(school, () -> context.getBean(CheckpointStore.class).insert(school, size, root, range.toBytes(),
                signatures.sign(school, size, root), context.getBean(Clock.class).instant()));
        System.out.println();
        System.out.printf(Locale.ROOT, "Proofs: a tree of %,d leaves in one school, %,d stored subtree hashes (levels 4, 8, …);"
                        + " loaded in %.1f s (leaves by SQL %.1f s, then subtree hashes computed in Java and inserted, vacuum analyze)%n",
                size, nodes, (System.nanoTime() - began) / 1e9, leavesMs / 1e3);

        SplittableRandom random = new SplittableRandom(42);
        long[] readNanos = new long[1];
        int[] readIds = new int[2];
        StoredHashes counted = ids -> {
            long t = System.nanoTime();
            var out = tree.storedHashes(school).read(ids);
            readNanos[0] = System.nanoTime() - t;
            readIds[0] = ids.size();
            readIds[1] = (int) ids.stream().filter(id -> id.level() == 0).count();
            return out;
        };
        boolean[] verified = {true};
        List<Integer> idsPerInclusion = new ArrayList<>();
        List<Integer> leavesPerInclusion = new ArrayList<>();
        List<Integer> idsPerConsistency = new ArrayList<>();
        int warmup = Math.max(200, runs / 4);
        int total = warmup + runs;
        double[] baseline = new double[runs], inclusion = new double[runs], inclusionRead = new double[runs];
        double[] consistency = new double[runs], consistencyRead = new double[runs];
        for (int i = 0; i < total; i++) {
            int slot = i - warmup;
            // Rotate which of the three goes first, so none always follows another.
            for (int k = 0; k < 3; k++) {
                switch ((i + k) % 3) {
                    case 0 -> {
                        long index = random.nextLong(size >> 4);
                        long t = System.nanoTime();
                        tenancy.inSchool(school, () -> jdbc.sql(
                                        "select hash from access_log_node where school_id = ? and level = 4 and index = ?")
                                .params(school, index).query(byte[].class).single());
                        record(baseline, slot, System.nanoTime() - t);
                    }
                    case 1 -> {
                        long sequence = random.nextLong(size);
                        long t = System.nanoTime();
                        Object[] result = tenancy.inSchool(school, () -> {
                            CheckpointStore.Stored latest = checkpointStore.latest(school).orElseThrow();
                            JdbcAccessLogTree.Leaf leaf = tree.leafOf(school, sequence).orElseThrow();
                            return new Object[] {leaf, MerkleProofs.inclusion(leaf.position(), latest.treeSize(), counted), latest};
                        });
                        record(inclusion, slot, System.nanoTime() - t);
                        record(inclusionRead, slot, readNanos[0]);
                        var leaf = (JdbcAccessLogTree.Leaf) result[0];
                        var proof = (MerkleProofs.InclusionProof) result[1];
                        var latest = (CheckpointStore.Stored) result[2];
                        verified[0] &= Arrays.equals(proof.root(), latest.root()) && MerkleProofs.verifyInclusion(
                                leaf.position(), proof.treeSize(), leaf.leafHash(), proof.hashes(), latest.root());
                        if (slot >= 0) {
                            idsPerInclusion.add(readIds[0]);
                            leavesPerInclusion.add(readIds[1]);
                        }
                    }
                    default -> {
                        long from = 1 + random.nextLong(size - 1);
                        long t = System.nanoTime();
                        Object[] result = tenancy.inSchool(school, () -> {
                            CheckpointStore.Stored latest = checkpointStore.latest(school).orElseThrow();
                            return new Object[] {MerkleProofs.consistency(from, latest.treeSize(), counted), latest};
                        });
                        record(consistency, slot, System.nanoTime() - t);
                        record(consistencyRead, slot, readNanos[0]);
                        var proof = (MerkleProofs.ConsistencyProof) result[0];
                        var latest = (CheckpointStore.Stored) result[1];
                        verified[0] &= Arrays.equals(proof.toRoot(), latest.root()) && MerkleProofs.verifyConsistency(
                                from, latest.treeSize(), proof.fromRoot(), latest.root(), proof.hashes());
                        if (slot >= 0) {
                            idsPerConsistency.add(readIds[0]);
                        }
                    }
                }
            }
        }
        double base99 = percentile(baseline, 99);
        double base50 = percentile(baseline, 50);
        System.out.printf(Locale.ROOT, "%d runs of each after %d warm-up runs, interleaved; each in its own school transaction"
                + " (tenancy.inSchool); random leaf / random older size; every proof verified against the checkpoint's root%n%n", runs, warmup);
        System.out.println("| request | p50 (ms) | p99 (ms) | max (ms) | p50 / baseline p50 | p99 / baseline p99 | p99 / 20 ms target |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.println(row("baseline: one stored hash by primary key", baseline, base50, base99));
        System.out.println(row("inclusion proof (checkpoint, leaf, stored hashes, hashing)", inclusion, base50, base99));
        System.out.println(row("  of which the one batched read of stored hashes", inclusionRead, base50, base99));
        System.out.println(row("consistency proof to the latest size (checkpoint, stored hashes, hashing)", consistency, base50, base99));
        System.out.println(row("  of which the one batched read of stored hashes", consistencyRead, base50, base99));
        System.out.println();
        System.out.printf(Locale.ROOT, "stored hashes read per inclusion proof: mean %.1f (max %d; of which leaves: mean %.1f);"
                        + " per consistency proof: mean %.1f (max %d)%n",
                mean(idsPerInclusion), idsPerInclusion.stream().mapToInt(Integer::intValue).max().orElse(0),
                mean(leavesPerInclusion), mean(idsPerConsistency),
                idsPerConsistency.stream().mapToInt(Integer::intValue).max().orElse(0));
        double p99 = percentile(inclusion, 99);
        System.out.printf(Locale.ROOT, "inclusion proof p99 %.2f ms -> %s (target <= 20 ms; %.1f× the baseline's p99);"
                        + " consistency proof p99 %.2f ms -> %s%n", p99, p99 <= 20 ? "PASS" : "MISS", p99 / base99,
                percentile(consistency, 99), percentile(consistency, 99) <= 20 ? "PASS" : "MISS");
        System.out.println("proofs verified: " + (verified[0] ? "all" : "SOME FAILED"));
        return http(school, size, runs) && verified[0];
    }

    /**
     * The proof endpoints over HTTP, signed in as the school's DPO, against the checkpoint endpoint
     * (same filters, session and permission check, one checkpoint select) in the same run, interleaved.
     */
    private boolean http(UUID school, long size, int runs) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Browser dpo = BenchmarkSupport.signIn(port, BenchmarkSupport.account(context, school, Role.DPO));
        SplittableRandom random = new SplittableRandom(7);
        int warmup = Math.max(200, runs / 4);
        double[] checkpoint = new double[runs], inclusion = new double[runs], consistency = new double[runs];
        for (int i = 0; i < warmup + runs; i++) {
            int slot = i - warmup;
            for (int k = 0; k < 3; k++) {
                String path = switch ((i + k) % 3) {
                    case 0 -> "/api/v1/access-log/checkpoint";
                    case 1 -> "/api/v1/access-log/proofs/inclusion?entry=" + random.nextLong(size);
                    default -> "/api/v1/access-log/proofs/consistency?from=" + (1 + random.nextLong(size - 1));
                };
                long t = System.nanoTime();
                var response = dpo.api("GET", path, null);
                long nanos = System.nanoTime() - t;
                if (response.statusCode() != 200) {
                    System.out.println("GET " + path.replaceAll("\\?.*", "") + " answered " + response.statusCode());
                    return false;
                }
                record((i + k) % 3 == 0 ? checkpoint : (i + k) % 3 == 1 ? inclusion : consistency, slot, nanos);
            }
        }
        double base50 = percentile(checkpoint, 50), base99 = percentile(checkpoint, 99);
        System.out.println();
        System.out.printf(Locale.ROOT, "Over HTTP, one client signed in as the school's DPO, %d requests of each after %d warm-up, interleaved:%n%n",
                runs, warmup);
        System.out.println("| request | p50 (ms) | p99 (ms) | max (ms) | p50 / baseline p50 | p99 / baseline p99 | p99 / 20 ms target |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.println(row("baseline: GET /api/v1/access-log/checkpoint", checkpoint, base50, base99));
        System.out.println(row("GET /api/v1/access-log/proofs/inclusion?entry=…", inclusion, base50, base99));
        System.out.println(row("GET /api/v1/access-log/proofs/consistency?from=…", consistency, base50, base99));
        double p99 = percentile(inclusion, 99);
        System.out.printf(Locale.ROOT, "%ninclusion proof request p99 %.2f ms -> %s (target <= 20 ms); consistency proof request p99 %.2f ms -> %s%n",
                p99, p99 <= 20 ? "PASS" : "MISS", percentile(consistency, 99), percentile(consistency, 99) <= 20 ? "PASS" : "MISS");
        return true;
    }

    private static void record(double[] millis, int slot, long nanos) {
        if (slot >= 0) {
            millis[slot] = nanos / 1e6;
        }
    }

    private static double mean(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    private static String row(String name, double[] millis, double base50, double base99) {
        double p50 = percentile(millis, 50), p99 = percentile(millis, 99);
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f× | %.1f× | %.2f |", name, p50, p99,
                percentile(millis, 100), p50 / base50, p99 / base99, p99 / 20);
    }

    /** Subtree hashes inserted 10,000 at a time (unnest of three arrays) as the owner. */
    private static final class NodeBatch {
        private final Connection connection;
        private final UUID school;
        private final List<CompactRange.Subtree> pending = new ArrayList<>();
        private long written;

        NodeBatch(Connection connection, UUID school) {
            this.connection = connection;
            this.school = school;
        }

        void add(CompactRange.Subtree subtree) throws SQLException {
            pending.add(subtree);
            if (pending.size() == 10_000) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (pending.isEmpty()) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into access_log_node (school_id, level, index, hash)
                    select ?, level, index, hash from unnest(?::smallint[], ?::bigint[], ?::bytea[]) as n(level, index, hash)""")) {
                insert.setObject(1, school);
                insert.setArray(2, connection.createArrayOf("smallint", pending.stream().map(s -> (short) s.level()).toArray()));
                insert.setArray(3, connection.createArrayOf("bigint", pending.stream().map(CompactRange.Subtree::index).toArray()));
                insert.setArray(4, connection.createArrayOf("bytea", pending.stream().map(CompactRange.Subtree::hash).toArray(byte[][]::new)));
                insert.executeUpdate();
            }
            written += pending.size();
            pending.clear();
        }
    }
}
