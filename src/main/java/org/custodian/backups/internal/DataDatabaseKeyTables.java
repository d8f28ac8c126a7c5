package org.custodian.backups.internal;

import java.util.List;

import org.custodian.database.BackupDatabase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The key tables as they are today: in the data database, read by the backup role. */
@Component
class DataDatabaseKeyTables implements KeyTablesSource {

    private static final List<String> TABLES = List.of("school_keyset", "subject_data_key", "erased_subject");

    private final ObjectProvider<BackupDatabase> database;

    DataDatabaseKeyTables(ObjectProvider<BackupDatabase> database) {
        this.database = database;
    }

    @Override
    public List<String> tables() {
        return TABLES;
    }

    @Override
    public <T> T inSnapshot(Snapshot.Work<T> work) {
        return Snapshot.run(BackupRole.of(database).dataSource(), work);
    }
}
