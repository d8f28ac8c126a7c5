package org.custodian.rights.internal;

import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.custodian.bench.BenchmarkSupport;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilRecords;
import org.custodian.pupils.Upn;
import org.custodian.rights.internal.AccessBundleStore.Bundle;
import org.custodian.rights.internal.RequestVocabulary.Channel;
import org.custodian.rights.internal.RequestVocabulary.Competence;
import org.custodian.rights.internal.RequestVocabulary.RequestType;
import org.custodian.rights.internal.RequestVocabulary.RequesterKind;
import org.custodian.rights.internal.RequestVocabulary.SubjectKind;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.Schools;
import org.custodian.support.AccessLogSequencing;
import org.custodian.support.DatabaseOwner;
import org.custodian.tenancy.Tenancy;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The access-bundle benchmark, run by {@code bench/access-bundle.sh}. Starts the application in the
 * {@code benchmark} profile (throwaway data directory), then in one run:
 * <ol>
 * <li>a school of {@code --pupils} (2,000) pupils created through the facade, every optional category
 * switched on and stored;</li>
 * <li>{@code --entries} (1,000,000) access-log entries of that school inserted by one
 * {@code insert … select generate_series} as the owner, each naming one of the school's pupils in turn
 * (so each pupil has entries/pupils of them), placeholder leaf hashes; then integrated into the tree
 * and signed by the real sequencer (untimed), and {@code vacuum analyze};</li>
 * <li>timed, interleaved: building the access bundle of one pupil ({@link AccessBundles#build}: the
 * facade read, the history query, every inclusion proof, JSON, CSV, PDF, encryption and storage), and
 * the baseline, a plain {@code COPY (select …) TO STDOUT} of that pupil's rows (pupil row, category
 * values, class rows, access-log entries) as the owner. {@code --rounds} (10) each after
 * {@code --warmup} (20) untimed builds for other pupils.</li>
 * </ol>
 * Prints the figures and the ratio; asserts nothing about time.
 */
public final class AccessBundleBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.options(args);
        int pupils = Integer.parseInt(options.getOrDefault("pupils", "2000"));
        int entries = Integer.parseInt(options.getOrDefault("entries", "1000000").replace("_", ""));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
        Path dataDir = BenchmarkSupport.freshDataDir();
        try {
            try (ConfigurableApplicationContext context = BenchmarkSupport.start(dataDir)) {
                System.out.println(BenchmarkSupport.machine());
                new AccessBundleBenchmark(context).run(pupils, entries, rounds, warmup);
                System.out.println("load average at the end: " + BenchmarkSupport.loadAverage());
            }
        } finally {
            BenchmarkSupport.delete(dataDir);
        }
        System.exit(0);
    }

    private final ConfigurableApplicationContext context;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;

    private AccessBundleBenchmark(ConfigurableApplicationContext context) {
        this.context = context;
        this.tenancy = context.getBean(Tenancy.class);
        this.jdbc = context.getBean(JdbcClient.class);
    }

    private void run(int pupilCount, int entries, int rounds, int warmup) throws Exception {
        long began = System.nanoTime();
        UUID school = context.getBean(Schools.class).register(BenchmarkSupport.registration(), null).school().id();
        CustodianUser admin = BenchmarkSupport.account(context, school, Role.SCHOOL_ADMIN);
        String hash = context.getBean(InformationSharingAgreements.class).current().orElseThrow().contentHash();
        context.getBean(InformationSharingAgreements.class).accept(school, hash, "Benchmark Signer", "Headteacher",
                "127.0.0.1", admin);
        for (OptionalCategory category : OptionalCategory.values()) {
            context.getBean(CategorySettings.class).set(admin, category, true);
        }
        CustodianUser dataManager = BenchmarkSupport.account(context, school, Role.DATA_MANAGER);
        CustodianUser dpo = BenchmarkSupport.account(context, school, Role.DPO);
        List<UUID> pupils = createPupils(dataManager, pupilCount);
        System.out.printf(Locale.ROOT, "%nset-up: %,d pupils created through the facade (%.1f s)%n", pupilCount,
                (System.nanoTime() - began) / 1e9);

        DatabaseOwner owner = DatabaseOwner.of(context);
        try (Connection connection = owner.connect()) {
            long load = System.nanoTime();
            insertEntries(connection, school, pupils, entries);
            System.out.printf(Locale.ROOT, "set-up: %,d access-log entries inserted (%.1f s)%n", entries, (System.nanoTime() - load) / 1e9);
            // What autovacuum does soon after a bulk insert: without statistics the sequencer's
            // queries over a million pending rows are planned blind and crawl.
            try (Statement statement = connection.createStatement()) {
                statement.execute("vacuum analyze access_log_entry, access_log_subject, access_log_pending");
            }
            long integrate = System.nanoTime();
            AccessLogSequencing.integrate(context, school);
            System.out.printf(Locale.ROOT, "set-up: integrated into the school's tree and signed (%.1f s)%n",
                    (System.nanoTime() - integrate) / 1e9);
            try (Statement statement = connection.createStatement()) {
                statement.execute("vacuum analyze");
            }

            RightsRequestRegister register = context.getBean(RightsRequestRegister.class);
            AccessBundles bundles = context.getBean(AccessBundles.class);
            LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
            List<UUID> requests = new ArrayList<>();
            for (int i = 0; i <= warmup; i++) {
                requests.add(register.create(dpo, new RightsRequestRegister.NewRequest(RequestType.ACCESS, SubjectKind.PUPIL,
                        pupils.get(i * 37 % pupils.size()), null, RequesterKind.SUBJECT, null, Channel.EMAIL, today,
                        Competence.COMPETENT, null), "bench", "127.0.0.1").request().id());
            }
            UUID target = pupils.get(0);
            UUID targetRequest = requests.get(0);
            for (int i = 1; i <= warmup; i++) {
                bundles.build(dpo, requests.get(i), "bench", "127.0.0.1");
                copy(connection, school, pupils.get(i * 37 % pupils.size()));
                copy(connection, school, pupils.get(i * 37 % pupils.size()), true);
            }

            double[] build = new double[rounds];
            double[] copy = new double[rounds];
            double[] copyBySubject = new double[rounds];
            long rows = 0;
            Bundle last = null;
            for (int r = 0; r < rounds; r++) {
                // Interleaved, alternating which goes first, so drift on the machine hits both.
                if (r % 2 == 0) {
                    long t = System.nanoTime();
                    last = bundles.build(dpo, targetRequest, "bench", "127.0.0.1");
                    build[r] = (System.nanoTime() - t) / 1e6;
                    t = System.nanoTime();
                    rows = copy(connection, school, target);
                    copy[r] = (System.nanoTime() - t) / 1e6;
                    t = System.nanoTime();
                    copy(connection, school, target, true);
                    copyBySubject[r] = (System.nanoTime() - t) / 1e6;
                } else {
                    long t0 = System.nanoTime();
                    copy(connection, school, target, true);
                    copyBySubject[r] = (System.nanoTime() - t0) / 1e6;
                    long t = System.nanoTime();
                    rows = copy(connection, school, target);
                    copy[r] = (System.nanoTime() - t) / 1e6;
                    t = System.nanoTime();
                    last = bundles.build(dpo, targetRequest, "bench", "127.0.0.1");
                    build[r] = (System.nanoTime() - t) / 1e6;
                }
            }
            long pupilEntries = tenancy.inSchool(school, () -> jdbc.sql(
                    "select count(*) from access_log_subject where school_id = ? and subject_id = ?")
                    .params(school, target).query(Long.class).single());
            Bundle stored = last;
            long proven = tenancy.inSchool(school, () -> context.getBean(org.custodian.accesslog.SubjectAccessHistory.class)
                    .history(school, target).sequenced().size());
            System.out.println();
            System.out.printf(Locale.ROOT, "Access bundle of one pupil: %,d pupils, %,d access-log entries in the school;"
                    + " the pupil has %,d entries (%,d with proofs in the last round's check), %d files%n", pupilCount,
                    entries, pupilEntries, proven, stored.items().size());
            System.out.println();
            System.out.println("| measurement | median (ms) | min (ms) | max (ms) |");
            System.out.println("|---|---|---|---|");
            System.out.println(row("build the access bundle (JSON + CSV + PDF + proofs, encrypted and stored)", build));
            System.out.println(row("baseline: COPY of the pupil's rows (" + rows + " rows) to STDOUT, entries by subject_ids @> (GIN)", copy));
            System.out.println(row("baseline (b): the same COPY, entries through access_log_subject (as the bundle finds them)", copyBySubject));
            double ratio = median(build) / median(copy);
            System.out.printf(Locale.ROOT, "%nbuild/COPY median ratio %.1f (to baseline (b): %.1f); build median %.3f s (target <= %s s at this size) -> %s%n",
                    ratio, median(build) / median(copyBySubject), median(build) / 1000, entries > 1_000_000 ? "2" : "1",
                    median(build) / 1000 <= (entries > 1_000_000 ? 2 : 1) ? "PASS" : "MISS");
            explain(connection, school, target);
        }
    }

    private List<UUID> createPupils(CustodianUser dataManager, int count) {
        PupilRecords records = context.getBean(PupilRecords.class);
        List<UUID> ids = new ArrayList<>();
        Map<String, String> categories = Map.ofEntries(Map.entry("ETHNICITY", "WBRI"), Map.entry("FSM_ELIGIBLE", "true"),
                Map.entry("FSM6", "true"), Map.entry("FIRST_LANGUAGE", "ENG"), Map.entry("LOOKED_AFTER", "false"),
                Map.entry("EVER_LOOKED_AFTER", "false"), Map.entry("MORE_ABLE", "true"),
                Map.entry("PREFERRED_NAME", "Benchy"), Map.entry("PUPIL_PREMIUM", "true"), Map.entry("SEN_STATUS", "N"),
                Map.entry("SERVICE_CHILD", "false"), Map.entry("TRAVELLER_STATUS", "false"));
        for (int i = 0; i < count; i++) {
            String body = String.format(Locale.ROOT, "%03d%04d%02d%03d", 900 + i / 1000, 4321, 26, i % 1000);
            int year = 7 + i % 5;
            String group = year + String.valueOf((char) ('A' + i % 7));
            PupilData data = new PupilData(Upn.checkLetter(body) + body, "Fakeforename" + letters(i), "Fakesurname" + letters(i),
                    "20" + (14 - i % 5) + "-0" + (1 + i % 9) + "-1" + i % 10, "A" + (10_000 + i), i % 2 == 0 ? "F" : "M",
                    String.valueOf(year), group, List.of(group + "/Ma1", group + "/En1"), categories);
            ids.add(records.create(new AccessContext(dataManager, "DATA_MANAGEMENT", "Benchmark set-up", "bench",
                    "127.0.0.1"), data).id());
        }
        return ids;
    }

    /** {@code rows} READ entries, entry i about pupil (i * 7919) mod pupils, by one of 150 teachers. */
    private static void insertEntries(Connection connection, UUID school, List<UUID> pupils, int rows) throws Exception {
        try (PreparedStatement scope = connection.prepareStatement("select set_config('custodian.school_id', ?, false)")) {
            scope.setString(1, school.toString());
            scope.execute();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into access_log_entry (school_id, sequence, actor_id, actor_role, subject_ids, fields,
                    action, purpose, reason, occurred_at, request_id, source_ip, format, leaf_hash)
                select ?::uuid, nextval('access_log_entry_sequence'),
                       ('00000000-0000-4000-9000-' || lpad((i % 150)::text, 12, '0'))::uuid, 'TEACHER',
                       array[(?::uuid[])[1 + (i::bigint * 7919) % ?]], array['name', 'attendance'], 'READ',
                       'TEACHING_AND_LEARNING', null, now() - make_interval(secs => (? - i)::double precision),
                       'bench', '192.0.2.1', 2, sha256(i::text::bytea)
                from generate_series(1, ?) as i""")) {
            insert.setObject(1, school);
            insert.setArray(2, connection.createArrayOf("uuid", pupils.toArray()));
            insert.setInt(3, pupils.size());
            insert.setInt(4, rows);
            insert.setInt(5, rows);
            insert.executeUpdate();
        }
    }

    /** The baseline: the pupil's stored rows, as they are, copied out by PostgreSQL. Returns the rows copied. */
    private static long copy(Connection connection, UUID school, UUID pupil) throws Exception {
        return copy(connection, school, pupil, false);
    }

    /**
     * {@code bySubjectIndex}: the pupil's entries found through {@code access_log_subject} (as the
     * bundle finds them) rather than by {@code subject_ids @>} on the entries (the GIN index).
     */
    private static long copy(Connection connection, UUID school, UUID pupil, boolean bySubjectIndex) throws Exception {
        var copier = connection.unwrap(PGConnection.class).getCopyAPI();
        long rows = 0;
        OutputStream sink = OutputStream.nullOutputStream();
        for (String sql : List.of(
                "copy (select * from pupil where school_id = '%s' and id = '%s') to stdout",
                "copy (select * from pupil_category_value where school_id = '%s' and pupil_id = '%s') to stdout",
                "copy (select * from class_pupil where school_id = '%s' and pupil_id = '%s') to stdout",
                bySubjectIndex
                        ? "copy (select e.* from access_log_subject s join access_log_entry e on e.school_id = s.school_id"
                                + " and e.sequence = s.sequence where s.school_id = '%1$s' and s.subject_id = '%2$s') to stdout"
                        : "copy (select e.* from access_log_entry e where e.school_id = '%1$s' and e.subject_ids @> array['%2$s'::uuid]) to stdout")) {
            rows += copier.copyOut(sql.formatted(school, pupil), sink);
        }
        return rows;
    }

    private static void explain(Connection connection, UUID school, UUID pupil) throws Exception {
        System.out.println();
        System.out.println("EXPLAIN ANALYZE of the history query (the pupil's entries with their leaves):");
        try (PreparedStatement explain = connection.prepareStatement("""
                explain (analyze, buffers, costs off)
                select e.*, l.position, l.leaf_hash
                from access_log_subject s
                join access_log_entry e on e.school_id = s.school_id and e.sequence = s.sequence
                left join access_log_leaf l on l.school_id = e.school_id and l.entry_sequence = e.sequence
                where s.school_id = ? and s.subject_id = ?
                order by e.occurred_at, e.sequence""")) {
            explain.setObject(1, school);
            explain.setObject(2, pupil);
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    System.out.println("    " + rs.getString(1));
                }
            }
        }
    }

    private static String row(String name, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |", name, median(millis), sorted[0], sorted[sorted.length - 1]);
    }

    private static double median(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String letters(int n) {
        StringBuilder letters = new StringBuilder();
        for (int rest = n + 1; rest > 0; rest /= 26) {
            letters.append((char) ('a' + rest % 26));
        }
        return letters.toString();
    }
}
