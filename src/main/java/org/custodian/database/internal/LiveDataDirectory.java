package org.custodian.database.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a living Custodian process runs the PostgreSQL of a data directory. The process that
 * starts the server holds an exclusive lock on {@code epg-lock} in the data directory for as long
 * as it lives (the kernel drops it when the process dies, however it dies), so a postmaster whose
 * data directory nobody holds locked is an orphan, and one whose directory is locked is in use.
 */
final class LiveDataDirectory {

    static final String LOCK_FILE = "epg-lock";

    /**
     * Data directories whose server this JVM runs. Probing such a file's lock from this JVM would
     * release the real lock (closing any descriptor of a file drops the process's POSIX locks on it).
     */
    private static final Set<Path> RUN_BY_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private LiveDataDirectory() {
    }

    static boolean inUse(Path dataDir) throws IOException {
        Path directory = dataDir.toAbsolutePath().normalize();
        if (RUN_BY_THIS_PROCESS.contains(directory)) {
            return true;
        }
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    static void startedHere(Path dataDir) {
        RUN_BY_THIS_PROCESS.add(dataDir.toAbsolutePath().normalize());
    }

    static void stoppedHere(Path dataDir) {
        RUN_BY_THIS_PROCESS.remove(dataDir.toAbsolutePath().normalize());
    }

    /** The port the running server listens on, from the fourth line of its {@code postmaster.pid}. */
    static OptionalInt port(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return OptionalInt.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 8 || !lines.get(7).trim().equals("ready")) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
