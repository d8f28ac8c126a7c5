package org.custodian.transparency.internal;

import org.custodian.backups.BackupPolicy;
import org.custodian.crypto.KeyCustody;
import org.custodian.database.JdbcUrls;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the data, the backups and the keys are, from the configuration: the data source (the
 * embedded server unless {@code spring.datasource.url} names another), the backup settings and the
 * key custody statement, with the operator's own words on hosting. Hosts only: no path, port or login.
 */
@Component
class DataLocation {

    private final Environment environment;
    private final BackupPolicy backups;
    private final KeyCustody keys;
    private final TransparencyProperties properties;

    DataLocation(Environment environment, BackupPolicy backups, KeyCustody keys, TransparencyProperties properties) {
        this.environment = environment;
        this.backups = backups;
        this.keys = keys;
        this.properties = properties;
    }

    record Statement(String hosting, String database, String databaseHost, String backups, String backupLocation,
                     String masterKey, String keyStore, String keyStoreHost) {
    }

    Statement statement() {
        String host = JdbcUrls.host(environment.getProperty("spring.datasource.url"));
        String database = host == null
                ? "PostgreSQL embedded in the application, on the application server"
                : "PostgreSQL on a database server the operator runs";
        BackupPolicy.Policy policy = backups.policy();
        String copies = policy.destinations() == 1 ? "one destination" : policy.destinations() + " destinations";
        String backupWords = "Encrypted backups written to " + copies
                + (policy.destinations() == 1 ? " (a folder on the application server)" : ", the first a folder on the application server");
        KeyCustody.Statement custody = keys.statement();
        return new Statement(properties.hosting(), database, host, backupWords, properties.backupLocation(),
                custody.masterKey(), custody.keyStore(), custody.keyStoreHost());
    }
}
