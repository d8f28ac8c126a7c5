package org.custodian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.custodian.CustodianApplication;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.UserAccounts;
import org.custodian.privacy.PersonName;
import org.custodian.schools.Nation;
import org.custodian.schools.SchoolRegistration;
import org.custodian.support.Browser;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.support.Totp;
import org.custodian.tenancy.Tenancy;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What the benchmarks under {@code bench/} share: starting the application in the {@code benchmark}
 * profile on a throwaway data directory, options, accounts and sign-in, and a description of the
 * machine (cores, fsync cost, load) printed next to the figures.
 */
public final class BenchmarkSupport {

    private BenchmarkSupport() {
    }

    /**
     * Starts the application in the {@code benchmark} profile with its database and keys in
     * {@code dataDir}; {@code properties} ({@code --name=value}) are added as command-line properties.
     */
    public static ConfigurableApplicationContext start(Path dataDir, String... properties) {
        SpringApplication application = new SpringApplication(CustodianApplication.class);
        application.setAdditionalProfiles("benchmark");
        application.addInitializers(context -> context.getBeanFactory()
                .registerSingleton("benchmarkExcludesTestComponents", new ExcludeTestComponents()));
        // A command-line property: it overrides application.yml's ./data (default properties would not).
        String[] args = Stream.concat(Stream.of("--custodian.data-dir=" + dataDir), Arrays.stream(properties))
                .toArray(String[]::new);
        return application.run(args);
    }

    /**
     * Gathers planner statistics for the whole database, as autovacuum does within minutes of a
     * bulk load, so a run measured straight after loading sees the plans a running school gets (no
     * statistics yet, PostgreSQL guesses and picks whole-school index scans). Runs as the owner: the
     * application role may not analyse tables it does not own.
     */
    public static void analyze(ConfigurableApplicationContext context) {
        try (var connection = DatabaseOwner.of(context).connect();
             var statement = connection.createStatement()) {
            statement.execute("vacuum analyze");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("vacuum analyze failed", e);
        }
    }

    /** A fresh directory for one run's database and keys, under target/bench-data. */
    public static Path freshDataDir() {
        return Path.of("target", "bench-data", UUID.randomUUID().toString()).toAbsolutePath();
    }

    /** Deletes a run's data directory (after PostgreSQL has stopped with the context). */
    public static void delete(Path dataDir) throws IOException {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (var files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** {@code --name=value} options. */
    public static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Options are --name=value: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    /** A made-up school in England with a random URN. */
    public static SchoolRegistration registration() {
        int n = ThreadLocalRandom.current().nextInt(10_000, 80_000);
        return new SchoolRegistration(String.valueOf(100_000 + n), "9" + String.format("%02d", n % 100),
                String.format("%04d", n % 10_000), "Benchmark School " + n, Nation.ENGLAND, "Contact Person",
                "contact" + n + "@example.com", null, null);
    }

    /** An account with the fixture password and no forced change, as {@code Fixtures.user} makes one. */
    public static CustodianUser account(ConfigurableApplicationContext context, UUID school, Role role) {
        String username = role.name().toLowerCase(Locale.ROOT) + "." + UUID.randomUUID() + "@example.com";
        var account = context.getBean(UserAccounts.class).create(school, username, new PersonName("Bench " + role.name()), role);
        String hash = context.getBean(PasswordEncoder.class).encode(Fixtures.PASSWORD);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        context.getBean(Tenancy.class).asPlatform(() -> jdbc.sql(
                        "update user_account set password_hash = ?, must_change_password = false where id = ?")
                .params(hash, account.id()).update());
        return (CustodianUser) context.getBean(UserDetailsService.class).loadUserByUsername(username);
    }

    /** Signs in through the real pages: password, then authenticator enrolment with a code from the key shown. */
    public static Browser signIn(int port, CustodianUser user) {
        Browser browser = new Browser(port);
        String next = browser.signIn(user.getUsername(), Fixtures.PASSWORD).headers().firstValue("Location").orElseThrow();
        if (!next.endsWith("/account/two-factor/setup")) {
            throw new IllegalStateException("Expected authenticator enrolment after the password, got " + next);
        }
        var key = Pattern.compile("id=\"manual-key\"[^>]*>([A-Z2-7 ]+)<")
                .matcher(browser.get("/account/two-factor/setup").body());
        if (!key.find()) {
            throw new IllegalStateException("No authenticator key on the set-up page");
        }
        // The benchmark runs on the real clock, so the code is the one a phone would show now.
        browser.postForm("/account/two-factor/setup", "/account/two-factor/setup",
                Map.of("code", Totp.code(key.group(1).replace(" ", ""), Instant.now())));
        next = browser.postForm("/login", "/account/two-factor/setup/done", Map.of())
                .headers().firstValue("Location").orElseThrow();
        if (next.contains("/login") || next.contains("/sign-in/") || next.contains("/account/")) {
            throw new IllegalStateException("Sign-in did not complete: " + next);
        }
        return browser;
    }

    public static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        return String.format(Locale.ROOT, "%nmachine: %d cores (nproc), %s; %s %s; client, server and PostgreSQL share it;"
                        + " disk: 8 KiB write + fsync in target/ takes %.2f ms (median of 200); load average %s",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.vm.name"),
                System.getProperty("java.version"), fsyncMillis(), loadAverage());
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine skews absolute figures, not ratios. */
    public static String loadAverage() throws IOException {
        String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return load[0] + " " + load[1] + " " + load[2];
    }

    /** What one synchronous WAL flush costs at least on this disk: a small write made durable. */
    private static double fsyncMillis() throws IOException {
        Path file = Files.createTempFile(Path.of("target"), "fsync-probe", ".bin");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            long[] times = new long[200];
            java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(8192);
            for (int i = 0; i < times.length; i++) {
                long start = System.nanoTime();
                block.clear();
                channel.write(block, (long) i * 8192);
                channel.force(false);
                times[i] = System.nanoTime() - start;
            }
            Arrays.sort(times);
            return times[times.length / 2] / 1e6;
        } finally {
            Files.delete(file);
        }
    }

    /**
     * CPU time used so far by this JVM (clients and application) and by the embedded PostgreSQL
     * (postmaster, its live children, and children that ended): what the work costs, whatever else
     * the machine is running at the time.
     */
    public static final class CpuMeter {

        /** Kernel clock ticks a second, as /proc reports CPU times (100 on Linux unless built otherwise). */
        private static final long CLOCK_TICKS = 100;

        private final JdbcClient jdbc;
        private long postmasterPid;

        public CpuMeter(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        public long jvmNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        public long postgresNanos() throws IOException {
            return postgresTicks() * 1_000_000_000L / CLOCK_TICKS;
        }

        /** The embedded PostgreSQL's postmaster: the parent of any backend. */
        private long postmaster() throws IOException {
            if (postmasterPid == 0) {
                long backend = jdbc.sql("select pg_backend_pid()").query(Long.class).single();
                String line = Files.readString(Path.of("/proc/" + backend + "/stat"));
                postmasterPid = Long.parseLong(line.substring(line.lastIndexOf(')') + 2).split(" ")[1]);
            }
            return postmasterPid;
        }

        private long postgresTicks() throws IOException {
            long postmaster = postmaster();
            long ticks = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    String[] stat;
                    try {
                        String line = Files.readString(process.resolve("stat"));
                        stat = line.substring(line.lastIndexOf(')') + 2).split(" ");
                    } catch (IOException gone) {
                        continue;
                    }
                    long pid = Long.parseLong(process.getFileName().toString());
                    // After the command: state ppid ... utime (index 11) stime (12) cutime (13) cstime (14).
                    if (pid == postmaster) {
                        ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]) + Long.parseLong(stat[13])
                                + Long.parseLong(stat[14]);
                    } else if (Long.parseLong(stat[1]) == postmaster) {
                        ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                    }
                }
            }
            return ticks;
        }
    }

    /**
     * The test classpath holds test configurations ({@code TestClock}, {@code TestMail}, fixtures) that
     * a test context excludes; outside a test nothing would, so this does it: the benchmark runs on the
     * real clock and the application's own beans.
     */
    static final class ExcludeTestComponents extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().isAnnotated(TestComponent.class.getName());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ExcludeTestComponents;
        }

        @Override
        public int hashCode() {
            return ExcludeTestComponents.class.hashCode();
        }
    }
}
