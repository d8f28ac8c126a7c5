package org.custodian.database.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The embedded cluster's role passwords: random, generated at first start, kept in one file that
 * only the owner can read (0600, in a 0700 directory). Without them nothing connects: every role
 * authenticates with SCRAM-SHA-256.
 */
final class DatabaseCredentials {

    static final String SUPERUSER = "postgres";

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Map<String, String> passwords;
    private final boolean createdNow;

    private DatabaseCredentials(Path file, Map<String, String> passwords, boolean createdNow) {
        this.file = file;
        this.passwords = passwords;
        this.createdNow = createdNow;
    }

    /** Reads the file, adding a fresh password for every role it lacks (and creating it if missing). */
    static DatabaseCredentials loadOrCreate(Path file, String... roles) throws IOException {
        Path absolute = file.toAbsolutePath();
        Map<String, String> passwords = new TreeMap<>();
        boolean exists = Files.exists(absolute);
        if (exists) {
            Properties stored = new Properties();
            try (Reader in = Files.newBufferedReader(absolute, StandardCharsets.UTF_8)) {
                stored.load(in);
            }
            stored.stringPropertyNames().forEach(role -> passwords.put(role, stored.getProperty(role)));
            Files.setPosixFilePermissions(absolute, OWNER_ONLY_FILE);
        }
        boolean added = false;
        for (String role : roles) {
            if (!passwords.containsKey(role)) {
                passwords.put(role, newPassword());
                added = true;
            }
        }
        if (added) {
            write(absolute, passwords);
        }
        return new DatabaseCredentials(absolute, Map.copyOf(passwords), !exists);
    }

    /** Reads an existing file only: for a process connecting beside the server that created it. */
    static DatabaseCredentials load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("no database credentials file at " + file.toAbsolutePath());
        }
        return loadOrCreate(file);
    }

    String password(String role) {
        String password = passwords.get(role);
        if (password == null) {
            throw new IllegalStateException("No password is stored for database role " + role + " in " + file);
        }
        return password;
    }

    /** True when this start generated the file, so every role's password must be (re)set. */
    boolean createdNow() {
        return createdNow;
    }

    Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[" + file + ", roles=" + passwords.keySet() + "]";
    }

    private static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void write(Path file, Map<String, String> passwords) throws IOException {
        Path directory = file.getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        }
        Path temporary = Files.createTempFile(directory, ".credentials", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write("# Passwords of the embedded PostgreSQL's roles (SCRAM-SHA-256). Owner-only; keep it so.\n");
            for (Map.Entry<String, String> entry : passwords.entrySet()) {
                out.write(entry.getKey() + "=" + entry.getValue() + "\n");
            }
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
