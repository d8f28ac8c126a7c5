package org.custodian.crypto.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param masterKeyFile     a Tink keyset (JSON) holding the master key
 * @param generateMasterKey create the file on first start if it is missing; production sets this
 *                          to false and supplies its own key, kept apart from the data and backups
 */
@ConfigurationProperties("custodian.crypto")
record MasterKeyProperties(Path masterKeyFile, @DefaultValue("true") boolean generateMasterKey) {
}
