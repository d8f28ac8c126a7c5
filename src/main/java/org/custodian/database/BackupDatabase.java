package org.custodian.database;

import javax.sql.DataSource;

/**
 * Logins as the backup role: it reads every row of every school (BYPASSRLS) and may do nothing else
 * (SELECT only, neither owner nor superuser). Embedded, the role is made at every start; with an
 * external database the operator makes it and names it in {@code custodian.database.backup.*}.
 */
public interface BackupDatabase {

    /** A new, unpooled data source; each connection is a fresh login. */
    DataSource dataSource();
}
