package org.custodian.backups.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.custodian.backups.BackupKind;

/** Owner-only files that reach the disk (fsync) before anyone is told they exist. */
final class BackupFiles {

    private BackupFiles() {
    }

    /** The newest complete backup of the kind in a destination (the newest manifest time). */
    static java.util.Optional<Path> newest(Path directory, BackupKind kind) {
        Path folder = directory.resolve(kind.folder());
        if (!Files.isDirectory(folder)) {
            return java.util.Optional.empty();
        }
        try (java.util.stream.Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> Files.isRegularFile(entry.resolve(Manifest.FILE)))
                    .max(java.util.Comparator.comparing(BackupFiles::manifestWritten));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.nio.file.attribute.FileTime manifestWritten(Path backup) {
        try {
            return Files.getLastModifiedTime(backup.resolve(Manifest.FILE));
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    static void createDirectory(Path directory) throws IOException {
        Files.createDirectories(directory.getParent());
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** A new file; closing the stream fsyncs it. */
    static OutputStream create(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                try {
                    out.flush();
                    channel.force(true);
                } finally {
                    out.close();
                }
            }
        };
    }

    /** Written beside, fsynced, renamed into place, the folder fsynced: absent or whole, never partial. */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (OutputStream out = create(temporary)) {
            out.write(content);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(file.getParent());
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes a folder and what it holds (a failed or expired backup). */
    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
