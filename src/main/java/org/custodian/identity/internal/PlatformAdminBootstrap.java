package org.custodian.identity.internal;

import org.custodian.identity.InitialCredentials;
import org.custodian.identity.Role;
import org.custodian.privacy.PersonName;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** On the very first start there is no operator yet: create one and show its one-time password once. */
@Component
@Order(0)
@EnableConfigurationProperties(IdentityProperties.class)
class PlatformAdminBootstrap implements ApplicationRunner {

    private final JdbcUserAccounts accounts;
    private final IdentityProperties properties;
    private final InitialCredentials credentials;

    PlatformAdminBootstrap(JdbcUserAccounts accounts, IdentityProperties properties, InitialCredentials credentials) {
        this.accounts = accounts;
        this.properties = properties;
        this.credentials = credentials;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyPlatformAdmin()) {
            return;
        }
        var account = accounts.create(null, properties.platformAdminUsername(),
                new PersonName("Platform administrator"), Role.PLATFORM_ADMIN);
        credentials.announce("First platform administrator (operator) created.",
                account.username(), account.oneTimePassword());
    }
}
