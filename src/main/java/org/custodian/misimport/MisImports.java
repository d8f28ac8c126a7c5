package org.custodian.misimport;

import java.io.InputStream;
import java.time.Duration;
import java.util.UUID;

import org.custodian.identity.CustodianUser;

/** Imports for scripted set-ups (the demo school): the same job, preview and commit the pages use. */
public interface MisImports {

    /**
     * Uploads the file, waits for its preview and, if the preview found no errors, commits it and
     * waits for that too. Returns the import's id; throws if it did not commit within {@code timeout}.
     */
    UUID importAndWait(CustodianUser actor, InputStream content, boolean fullCsv, Duration timeout);
}
