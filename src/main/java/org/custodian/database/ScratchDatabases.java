package org.custodian.database;

/**
 * Throw-away databases on the embedded server (restore drills): an empty data database owned by the
 * data's owner role and an empty key database owned by the key owner role, dropped on close. Only
 * present while the embedded PostgreSQL runs.
 */
public interface ScratchDatabases {

    Scratch create();

    /** Both databases, empty; {@link #close()} drops them (with any connection still open). */
    interface Scratch extends AutoCloseable {

        Target data();

        Target keys();

        @Override
        void close();
    }

    /** Where a database is, its owner's login (migrations, the load) and the role names migrations grant to. */
    record Target(String jdbcUrl, KeysDatabase.Login owner, String appRole, String backupRole) {
    }
}
