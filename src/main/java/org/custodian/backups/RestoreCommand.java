package org.custodian.backups;

import java.io.PrintStream;

/**
 * {@code java -jar custodian.jar restore …}: a data backup and its key backup into a fresh database,
 * without starting the application (options: docs/backups.md, "Restore").
 */
public final class RestoreCommand {

    public static final String COMMAND = "restore";

    private RestoreCommand() {
    }

    /** Returns the exit status: 0 restored, 1 refused or failed (nothing written if refused), 2 bad usage. */
    public static int run(String[] args, PrintStream out) {
        return org.custodian.backups.internal.RestoreCli.run(args, out);
    }
}
