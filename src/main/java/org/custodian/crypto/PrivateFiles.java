package org.custodian.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Secrets on disk: created readable and writable by the owner only (0600), never widened later. */
public final class PrivateFiles {

    private PrivateFiles() {
    }

    public static OutputStream create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Replaces the file's content in one step: written to an owner-only file beside it, then moved
     * over it atomically, so a reader (another instance on a shared volume) sees the old or the new
     * content, never a partial one.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path next = absolute.resolveSibling(absolute.getFileName() + ".next");
        write(next, content);
        Files.move(next, absolute, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public static void write(Path file, byte[] content) throws IOException {
        try (OutputStream out = create(file)) {
            out.write(content);
        }
    }
}
