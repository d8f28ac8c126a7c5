package org.custodian.database.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL left running by a previous run whose JVM was killed (SIGKILL skips shutdown hooks).
 * It still holds the data directory's {@code postmaster.pid}, so a new start would fail. We stop
 * it cleanly: its clients died with the old JVM, so a smart shutdown (SIGTERM) completes at once
 * and leaves a consistent data directory.
 *
 * <p>The pid in a stale file may since have been given to another process, another PostgreSQL
 * included (after a reboot, say). Only this data directory's own postmaster is ever signalled.
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

    /** Generous: a recycled pid belongs to a process started long after (or before) ours. */
    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(30);

    private enum Owner { THIS_DATA_DIRECTORY, SOMETHING_ELSE, UNKNOWN }

    private OrphanedPostmaster() {
    }

    /** Stops an orphaned postmaster of {@code dataDir}, or removes a pid file no live PostgreSQL of it owns. */
    static void stopIfRunning(Path dataDir, Duration wait) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        Optional<ProcessHandle> named = namedProcess(lines);
        Owner owner = named.map(process -> ownerOf(process, dataDir, lines)).orElse(Owner.SOMETHING_ELSE);
        if (owner == Owner.SOMETHING_ELSE) {
            log.warn("Removing a stale postmaster.pid left by an earlier run that was killed");
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle process = named.get();
        if (owner == Owner.UNKNOWN) {
            // Leave the pid file: PostgreSQL's own interlock then refuses to start rather than risk
            // two servers on one data directory.
            log.warn("postmaster.pid names a running PostgreSQL (pid {}) that may or may not serve {}; "
                    + "leaving it alone. Stop it if it is a leftover of this application", process.pid(), dataDir);
            return;
        }
        log.warn("PostgreSQL (pid {}) from an earlier run that was killed still holds the data directory; "
                + "stopping it cleanly before starting again", process.pid());
        process.destroy();
        if (!awaitExit(process, wait)) {
            // Last resort: PostgreSQL recovers from its write-ahead log on the next start (fsync is on).
            log.warn("PostgreSQL (pid {}) did not stop within {}; killing it, WAL recovery follows", process.pid(), wait);
            process.destroyForcibly();
            awaitExit(process, wait);
        }
    }

    /** The live process the pid file's first line names, if any. */
    private static Optional<ProcessHandle> namedProcess(List<String> lines) {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Owner ownerOf(ProcessHandle process, Path dataDir, List<String> pidFileLines) {
        if (!isPostgres(process)) {
            return Owner.SOMETHING_ELSE;
        }
        // The postmaster works in its data directory: on Linux /proc/<pid>/cwd says which one.
        try {
            return Files.isSameFile(Path.of("/proc", String.valueOf(process.pid()), "cwd"), dataDir)
                    ? Owner.THIS_DATA_DIRECTORY : Owner.SOMETHING_ELSE;
        } catch (IOException | SecurityException e) {
            // No /proc (not Linux) or not allowed to look: compare start times instead.
        }
        // The pid file's third line is when the postmaster started, in epoch seconds.
        Optional<Instant> started = process.info().startInstant();
        if (pidFileLines.size() < 3 || started.isEmpty()) {
            return Owner.UNKNOWN;
        }
        try {
            Instant recorded = Instant.ofEpochSecond(Long.parseLong(pidFileLines.get(2).trim()));
            return Duration.between(recorded, started.get()).abs().compareTo(START_TIME_TOLERANCE) <= 0
                    ? Owner.THIS_DATA_DIRECTORY : Owner.SOMETHING_ELSE;
        } catch (NumberFormatException e) {
            return Owner.UNKNOWN;
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command()
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                .orElse(false);
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
