package org.custodian.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.custodian.database.KeysDatabase;
import org.custodian.support.CustodianTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** The key database named by custodian.keys.datasource.* (as in production), and the roles it accepts. */
@CustodianTest
class KeyDatabaseSettingsIT {

    @Autowired KeysDatabase embedded;

    @Test
    void aConfiguredKeyDatabaseIsUsedWithItsOwnLogins() {
        try (KeyDatabase database = new KeyDatabase(properties(embedded.app()), noEmbeddedServer())) {
            assertThat(database.asPlatform(() -> database.jdbc().sql("select current_user").query(String.class).single()))
                    .isEqualTo(embedded.app().username());
        }
    }

    @Test
    void anApplicationRoleThatOwnsTheKeyTablesIsRefused() {
        assertThatThrownBy(() -> new KeyDatabase(properties(embedded.owner()), noEmbeddedServer()).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("neither superuser");
    }

    @Test
    void withoutAnEmbeddedServerTheKeyDatabaseMustBeNamed() {
        KeyStoreProperties unset = new KeyStoreProperties(
                new KeyStoreProperties.Datasource(null, null, null, null, null, 2),
                Duration.ofDays(1), Duration.ofHours(1), Duration.ofHours(1), true);
        assertThatThrownBy(() -> new KeyDatabase(unset, noEmbeddedServer()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("custodian.keys.datasource.url");
    }

    private KeyStoreProperties properties(KeysDatabase.Login app) {
        return new KeyStoreProperties(new KeyStoreProperties.Datasource(embedded.jdbcUrl(), app.username(), app.password(),
                embedded.owner().username(), embedded.owner().password(), 2),
                Duration.ofDays(1), Duration.ofHours(1), Duration.ofHours(1), true);
    }

    private static org.springframework.beans.factory.ObjectProvider<KeysDatabase> noEmbeddedServer() {
        return new DefaultListableBeanFactory().getBeanProvider(KeysDatabase.class);
    }
}
