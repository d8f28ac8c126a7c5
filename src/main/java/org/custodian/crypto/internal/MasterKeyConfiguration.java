package org.custodian.crypto.internal;

import org.custodian.crypto.MasterKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MasterKeyProperties.class)
class MasterKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyConfiguration.class);

    @Bean
    MasterKey masterKey(MasterKeyProperties properties) {
        var file = properties.masterKeyFile();
        if (!MasterKeyFile.exists(file)) {
            if (!properties.generateMasterKey()) {
                throw new IllegalStateException("No master key file at custodian.crypto.master-key-file, "
                        + "and custodian.crypto.generate-master-key is false");
            }
            MasterKeyFile.generate(file);
        }
        if (properties.generateMasterKey()) {
            log.warn("""

                    ****************************************************************************
                    *  USING A LOCALLY GENERATED MASTER KEY ({})
                    *  It sits on the same disk as the data it protects. Production must supply
                    *  its own master key, kept apart from the data and its backups, and set
                    *  custodian.crypto.generate-master-key=false.
                    ****************************************************************************""",
                    file.toAbsolutePath().normalize());
        }
        return MasterKeyFile.load(file);
    }
}
