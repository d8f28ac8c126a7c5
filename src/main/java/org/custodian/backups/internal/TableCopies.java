package org.custodian.backups.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;

/** Tables read in one consistent snapshot, each copied out in PostgreSQL's binary COPY format. */
interface TableCopies {

    /** Streams the table; returns its row count. */
    long copy(String table, OutputStream out) throws SQLException, IOException;

    /** The schema version the copy belongs to (a restore needs the same migrations). */
    String flywayVersion() throws SQLException;
}
