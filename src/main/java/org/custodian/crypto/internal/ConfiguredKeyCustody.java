package org.custodian.crypto.internal;

import java.util.List;

import org.custodian.crypto.KeyCustody;
import org.custodian.database.JdbcUrls;
import org.springframework.stereotype.Component;

/** The key custody statement from the crypto settings; the algorithms are the ones the code uses. */
@Component
class ConfiguredKeyCustody implements KeyCustody {

    private static final List<Algorithm> ALGORITHMS = List.of(
            new Algorithm("Personal fields of pupils and staff, each under the person's own data key", "AES-256-GCM (Tink AEAD)"),
            new Algorithm("Data keys, wrapped by the school's keyset; school keysets, wrapped by the master key", "AES-256-GCM (Tink AEAD)"),
            new Algorithm("Searching without decrypting (blind indexes), per school", "HMAC-SHA256 (Tink PRF)"),
            new Algorithm("Backups", "AES-256-GCM-HKDF, 1 MB segments (Tink streaming AEAD)"),
            new Algorithm("Access-log checkpoints, backup manifests and deletion certificates", "Ed25519 signatures"),
            new Algorithm("Connections", "TLS 1.2 or later"));

    private final MasterKeyProperties master;
    private final KeyStoreProperties keyStore;

    ConfiguredKeyCustody(MasterKeyProperties master, KeyStoreProperties keyStore) {
        this.master = master;
        this.keyStore = keyStore;
    }

    @Override
    public Statement statement() {
        String masterKey = "A key file on the application server (Tink keyset), in no database and no backup"
                + (master.generateMasterKey() ? "; made by Custodian on first start" : "; supplied by the operator");
        String url = keyStore.datasource() == null ? null : keyStore.datasource().url();
        String host = JdbcUrls.host(url);
        String store = host == null
                ? "The key store: a database of its own (custodian_keys) on the embedded PostgreSQL server, apart from the data"
                : "The key store: a database of its own on a separate PostgreSQL server";
        return new Statement(ALGORITHMS, masterKey, store, host);
    }
}
