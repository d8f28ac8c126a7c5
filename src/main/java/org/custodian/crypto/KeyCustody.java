package org.custodian.crypto;

import java.util.List;

/**
 * What the running installation says about its encryption, for the transparency page: the
 * algorithms in use and where each kind of key is kept. Read from the configuration, never from
 * the keys themselves, and holding no address beyond a database host.
 */
public interface KeyCustody {

    Statement statement();

    /**
     * @param algorithms   each use of cryptography and its algorithm
     * @param masterKey    where the master key is kept
     * @param keyStore     where schools' keysets and subjects' data keys are kept
     * @param keyStoreHost the key database's host, or null when it is on the embedded server
     */
    record Statement(List<Algorithm> algorithms, String masterKey, String keyStore, String keyStoreHost) {
        public Statement {
            algorithms = List.copyOf(algorithms);
        }
    }

    record Algorithm(String use, String algorithm) {
    }
}
