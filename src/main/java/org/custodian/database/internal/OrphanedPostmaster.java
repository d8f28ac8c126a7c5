package org.custodian.database.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

    private OrphanedPostmaster() {
    }

    /** Stops an orphaned postmaster of {@code dataDir}, or removes a pid file no live PostgreSQL owns. */
    static void stopIfRunning(Path dataDir, Duration wait) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmasterOf(pidFile);
        if (postmaster.isEmpty()) {
            log.warn("Removing a stale postmaster.pid left by an earlier run that was killed");
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle process = postmaster.get();
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

    private static Optional<ProcessHandle> postmasterOf(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // The pid may have been reused by an unrelated process since the crash.
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(OrphanedPostmaster::isPostgres);
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
