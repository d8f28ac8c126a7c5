package org.custodian.backups.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.crypto.MasterKey;
import org.custodian.crypto.OfflineMasterKey;
import org.custodian.database.EmbeddedTarget;
import org.custodian.database.KeysDatabase;
import org.custodian.database.ScratchDatabases;

import tools.jackson.databind.json.JsonMapper;

/** The restore command's options, the targets they name, and the report it prints. */
public final class RestoreCli {

    static final String USAGE = """
            usage: java -jar custodian.jar restore --backup <data-backup-dir> --keys <key-backup-dir>
                     [--ledger <key-backup-or-folder>]... [--master-key-file <file>]
                     ( --target-data-dir <new custodian.data-dir>
                     | --target-url <jdbc-url> --target-username <owner> [--target-app-role custodian_app]
                       [--target-backup-role custodian_backup]
                       --keys-url <jdbc-url> --keys-username <owner> [--keys-app-role custodian_keys_app] )
              passwords: CUSTODIAN_RESTORE_TARGET_PASSWORD and CUSTODIAN_RESTORE_KEYS_PASSWORD (environment)
            """;

    private static final Set<String> SINGLE = Set.of("--backup", "--keys", "--master-key-file", "--target-data-dir",
            "--target-url", "--target-username", "--target-app-role", "--target-backup-role", "--keys-url",
            "--keys-username", "--keys-app-role");

    private RestoreCli() {
    }

    public static int run(String[] args, PrintStream out) {
        // No Spring logging set-up here: keep the libraries' debug output (Flyway, the driver) off the console.
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
        Map<String, String> options = new HashMap<>();
        List<Path> ledgers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                out.print(USAGE);
                return 2;
            }
            if (args[i].equals("--ledger")) {
                ledgers.add(Path.of(args[++i]));
            } else if (SINGLE.contains(args[i]) && !options.containsKey(args[i])) {
                options.put(args[i], args[++i]);
            } else {
                out.println("Unknown or repeated option " + args[i]);
                out.print(USAGE);
                return 2;
            }
        }
        boolean embedded = options.containsKey("--target-data-dir");
        boolean external = options.containsKey("--target-url");
        if (!options.containsKey("--backup") || embedded == external
                || (external && !(options.containsKey("--target-username") && options.containsKey("--keys-url")
                && options.containsKey("--keys-username")))) {
            out.print(USAGE);
            return 2;
        }
        Path masterKeyFile = Path.of(options.getOrDefault("--master-key-file", "data/keys/master-keyset.json"));
        MasterKey masterKey;
        try {
            masterKey = OfflineMasterKey.load(masterKeyFile);
        } catch (RuntimeException e) {
            out.println("The master key file " + masterKeyFile + " could not be read (" + e.getMessage() + "): nothing was restored");
            return 1;
        }
        Restorer restorer = new Restorer(new SignedBackupVerifier(masterKey, null, JsonMapper.builder().build()));
        Path keys = options.containsKey("--keys") ? Path.of(options.get("--keys")) : null;
        // Without the installation's database, the master key is the anchor: only it opens the backup's keyset.
        java.util.function.Predicate<byte[]> anySignatureThatVerifies = key -> true;
        if (embedded) {
            Path dataDir = Path.of(options.get("--target-data-dir"));
            if (Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))) {
                out.println("--target-data-dir " + dataDir + " already holds a database: give a new folder. Nothing was restored");
                return 1;
            }
            try (EmbeddedTarget target = EmbeddedTarget.start(dataDir, options.getOrDefault("--target-app-role", "custodian_app"))) {
                int status = restore(restorer, new Restorer.Request(Path.of(options.get("--backup")), keys, ledgers,
                        anySignatureThatVerifies, target.data(), target.keys()), out);
                if (status == 0) {
                    out.println("Start Custodian on it with custodian.data-dir=" + dataDir.toAbsolutePath().normalize()
                            + " and custodian.crypto.master-key-file=" + masterKeyFile.toAbsolutePath().normalize());
                }
                return status;
            }
        }
        ScratchDatabases.Target data = new ScratchDatabases.Target(options.get("--target-url"),
                new KeysDatabase.Login(options.get("--target-username"), env("CUSTODIAN_RESTORE_TARGET_PASSWORD")),
                options.getOrDefault("--target-app-role", "custodian_app"),
                options.getOrDefault("--target-backup-role", "custodian_backup"));
        ScratchDatabases.Target keyTarget = new ScratchDatabases.Target(options.get("--keys-url"),
                new KeysDatabase.Login(options.get("--keys-username"), env("CUSTODIAN_RESTORE_KEYS_PASSWORD")),
                options.getOrDefault("--keys-app-role", "custodian_keys_app"), null);
        return restore(restorer, new Restorer.Request(Path.of(options.get("--backup")), keys, ledgers,
                anySignatureThatVerifies, data, keyTarget), out);
    }

    private static int restore(Restorer restorer, Restorer.Request request, PrintStream out) {
        try {
            Restorer.Outcome outcome = restorer.restore(request);
            out.println("Restored data backup " + outcome.dataBackup() + " and key backup " + outcome.keyBackup() + ": "
                    + outcome.dataRows().size() + " data tables (" + outcome.dataRows().values().stream().mapToLong(Long::longValue).sum()
                    + " rows), " + outcome.keyRows().size() + " key tables");
            out.println("Erasure ledger and purge list applied up to key backup " + outcome.ledgerFrom() + ": "
                    + outcome.erasedSubjects() + " erased subjects, " + outcome.purgedSchools() + " purged schools, "
                    + outcome.keysDestroyed() + " restored keys destroyed again");
            outcome.notes().forEach(note -> out.println("Note: " + note));
            return 0;
        } catch (Restorer.Refused refused) {
            out.println("Refused; nothing was written:");
            refused.reasons().forEach(reason -> out.println("  - " + reason));
            return 1;
        } catch (RuntimeException e) {
            out.println("The restore failed: " + e.getMessage());
            return 1;
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
