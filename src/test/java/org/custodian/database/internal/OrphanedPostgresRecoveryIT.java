package org.custodian.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The foundation issue's fault: "If the JVM was killed (SIGKILL) while running on embedded
 * PostgreSQL, the next start recovers by itself: an orphaned PostgreSQL process from the previous
 * run (stale postmaster.pid) is stopped cleanly or reused, and no data is lost."
 *
 * <p>The previous run is a real separate JVM ({@link EmbeddedPostgresChild}) killed with SIGKILL,
 * so no shutdown hook runs and its PostgreSQL is left behind exactly as in production.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OrphanedPostgresRecoveryIT {

    private static final Duration CHILD_READY_WAIT = Duration.ofMinutes(2);
    private static final Duration PROCESS_EXIT_WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<ProcessHandle> processes = new ArrayList<>();
    private final ListAppender<ILoggingEvent> orphanLog = new ListAppender<>();
    private Path root;
    private Path dataDir;

    @BeforeEach
    void freshDataDirectory() {
        root = Path.of("target", "orphaned-postgres-it", UUID.randomUUID().toString()).toAbsolutePath();
        dataDir = root.resolve("postgres");
        orphanLog.start();
        ((Logger) LoggerFactory.getLogger(OrphanedPostmaster.class)).addAppender(orphanLog);
    }

    @AfterEach
    void stopEverythingWeStarted() throws IOException {
        ((Logger) LoggerFactory.getLogger(OrphanedPostmaster.class)).detachAppender(orphanLog);
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Could not close an embedded PostgreSQL: " + e);
            }
        }
        // Handles carry the process start time, so a recycled pid is never signalled by mistake.
        for (ProcessHandle process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
                awaitExit(process);
            }
        }
        FileSystemUtils.deleteRecursively(root);
    }

    @Test
    void aPostgresOrphanedByASigkilledJvmIsStoppedCleanlyAndNoCommittedDataIsLost() throws Exception {
        Child child = startChild("committed-before-kill", "in-flight-at-kill");

        child.process().destroyForcibly(); // SIGKILL: no shutdown hook, PostgreSQL is left behind
        assertThat(child.process().waitFor(PROCESS_EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(child.postmaster().isAlive()).as("the orphaned PostgreSQL is still running").isTrue();
        assertThat(child.postmaster().info().command()).hasValueSatisfying(command ->
                assertThat(Path.of(command).getFileName().toString()).startsWith("postgres"));
        assertThat(postmasterPidInFile()).isEqualTo(child.postmaster().pid());

        EmbeddedPostgresServer server = start(dataDir);

        assertThat(tokens(server)).containsExactly("committed-before-kill");
        assertThat(awaitExit(child.postmaster())).as("the orphan has gone").isTrue();
        assertThat(postmasterPidInFile()).as("postmaster.pid now names the new server")
                .isNotEqualTo(child.postmaster().pid());
        assertThat(messages()).anyMatch(message -> message.contains("stopping it cleanly"))
                .noneMatch(message -> message.contains("did not stop"));
        assertWritable(server);
    }

    @Test
    void whenTheOrphanDiedToo_theStalePidFileIsIgnoredAndWalRecoveryKeepsCommittedData() throws Exception {
        // As after a power cut or an OOM kill of the whole container: both processes SIGKILLed.
        Child child = startChild("committed-before-crash", "in-flight-at-crash");
        child.process().destroyForcibly();
        child.postmaster().destroyForcibly();
        assertThat(child.process().waitFor(PROCESS_EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(awaitExit(child.postmaster())).isTrue();
        assertThat(postmasterPidInFile()).as("SIGKILL leaves the pid file behind").isEqualTo(child.postmaster().pid());

        EmbeddedPostgresServer server = start(dataDir);

        assertThat(tokens(server)).containsExactly("committed-before-crash");
        assertThat(messages()).anyMatch(message -> message.contains("stale postmaster.pid"));
        assertWritable(server);
        // What makes a commit survive a power cut too, not only a killed process.
        assertThat(settings(server, "fsync", "synchronous_commit", "full_page_writes")).containsOnly("on");
    }

    @Test
    void aStalePidFileNamingAnUnrelatedLiveProcessLeavesThatProcessAlone() throws Exception {
        stoppedDataDirectoryHolding("committed-earlier");
        Process unrelated = new ProcessBuilder("sleep", "300").redirectErrorStream(true).start();
        processes.add(unrelated.toHandle());
        writePidFile(unrelated.pid());

        EmbeddedPostgresServer server = start(dataDir);

        assertThat(tokens(server)).containsExactly("committed-earlier");
        assertThat(unrelated.isAlive()).as("a process that is not PostgreSQL is never signalled").isTrue();
        assertThat(messages()).anyMatch(message -> message.contains("stale postmaster.pid"));
    }

    @Test
    void aStalePidFileNamingAnotherDataDirectorysPostgresLeavesThatPostgresAlone() throws Exception {
        // After a reboot the pid in a stale file can belong to any process, another PostgreSQL included.
        stoppedDataDirectoryHolding("committed-earlier");
        EmbeddedPostgresServer bystander = start(root.resolve("bystander"));
        long bystanderPid = Long.parseLong(Files.readAllLines(root.resolve("bystander").resolve("postmaster.pid"),
                StandardCharsets.UTF_8).get(0).trim());
        ProcessHandle bystanderPostmaster = ProcessHandle.of(bystanderPid).orElseThrow();
        writePidFile(bystanderPid);

        EmbeddedPostgresServer server = start(dataDir);

        assertThat(tokens(server)).containsExactly("committed-earlier");
        assertThat(bystanderPostmaster.isAlive()).as("another data directory's PostgreSQL is left alone").isTrue();
        try (Connection connection = bystander.dataSource(EmbeddedPostgresChild.OWNER_ROLE).getConnection();
             Statement statement = connection.createStatement()) {
            assertThat(statement.execute("select 1")).isTrue();
        }
    }

    @Test
    void aSecondProcessOnADataDirectoryInUseConnectsBesideItAndTheFirstKeepsServing() throws Exception {
        // The first is a living Custodian process (a separate JVM); the second is this one, as an
        // operator command run beside the server would be.
        Child first = startChild("written-by-the-first", "in-flight-in-the-first");

        EmbeddedPostgresServer second = start(dataDir);

        assertThat(second.runsTheServer()).isFalse();
        assertThat(tokens(second)).containsExactly("written-by-the-first");
        second.close();
        assertThat(first.postmaster().isAlive()).as("the first process's PostgreSQL is still running").isTrue();
        assertThat(first.process().isAlive()).isTrue();
        assertThat(postmasterPidInFile()).isEqualTo(first.postmaster().pid());
        assertThat(messages()).noneMatch(message -> message.contains("stopping it"));
        assertWritable(start(dataDir));
    }

    private Child startChild(String committed, String uncommitted) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                EmbeddedPostgresChild.class.getName(), dataDir.toString(), committed, uncommitted);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process.toHandle());

        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child was killed
            }
        }, "embedded-postgres-child-output");
        reader.setDaemon(true);
        reader.start();

        Deque<String> recent = new ArrayDeque<>();
        Instant deadline = Instant.now().plus(CHILD_READY_WAIT);
        while (Instant.now().isBefore(deadline)) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                if (!process.isAlive() && lines.isEmpty()) {
                    fail("The child JVM exited with " + process.exitValue() + " before it was ready:\n"
                            + String.join("\n", recent));
                }
                continue;
            }
            if (line.startsWith(EmbeddedPostgresChild.READY)) {
                long pid = Long.parseLong(line.substring(EmbeddedPostgresChild.READY.length()).trim());
                ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
                processes.add(postmaster);
                return new Child(process, postmaster);
            }
            recent.addLast(line);
            if (recent.size() > 60) {
                recent.removeFirst();
            }
        }
        return fail("The child JVM was not ready within " + CHILD_READY_WAIT + ":\n" + String.join("\n", recent));
    }

    private EmbeddedPostgresServer start(Path directory) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory, EmbeddedPostgresChild.APP_ROLE);
        servers.add(server);
        return server;
    }

    /** A data directory holding a committed row, its server stopped cleanly (no pid file left). */
    private void stoppedDataDirectoryHolding(String token) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, EmbeddedPostgresChild.APP_ROLE);
             Connection connection = server.dataSource(EmbeddedPostgresChild.OWNER_ROLE).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create table " + EmbeddedPostgresChild.TABLE + " (token text primary key)");
            statement.execute("insert into " + EmbeddedPostgresChild.TABLE + " values ('" + token + "')");
        }
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
    }

    /** A pid file as PostgreSQL writes it, naming {@code pid} as the postmaster. */
    private void writePidFile(long pid) throws IOException {
        Files.writeString(dataDir.resolve("postmaster.pid"), String.join("\n", String.valueOf(pid),
                dataDir.toString(), String.valueOf(Instant.now().minus(Duration.ofHours(3)).getEpochSecond()),
                "54321", "/tmp", "localhost", "  5432001         0", "ready   ", ""), StandardCharsets.UTF_8);
    }

    private long postmasterPidInFile() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                .get(0).trim());
    }

    private static Set<String> tokens(EmbeddedPostgresServer server) throws SQLException {
        Set<String> tokens = new HashSet<>();
        try (Connection connection = server.dataSource(EmbeddedPostgresChild.OWNER_ROLE).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select token from " + EmbeddedPostgresChild.TABLE)) {
            while (rows.next()) {
                tokens.add(rows.getString(1));
            }
        }
        return tokens;
    }

    private static List<String> settings(EmbeddedPostgresServer server, String... names) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = server.dataSource(EmbeddedPostgresChild.APP_ROLE).getConnection();
             Statement statement = connection.createStatement()) {
            for (String name : names) {
                try (ResultSet row = statement.executeQuery("select current_setting('" + name + "')")) {
                    row.next();
                    values.add(row.getString(1));
                }
            }
        }
        return values;
    }

    private static void assertWritable(EmbeddedPostgresServer server) throws SQLException {
        try (Connection connection = server.dataSource(EmbeddedPostgresChild.APP_ROLE).getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into " + EmbeddedPostgresChild.TABLE + " values ('after-recovery')");
        }
        assertThat(tokens(server)).contains("after-recovery");
    }

    private List<String> messages() {
        return orphanLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static boolean awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(PROCESS_EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    private record Child(Process process, ProcessHandle postmaster) {
    }
}
