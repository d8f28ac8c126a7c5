package org.custodian.accesslog.internal;

import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.accesslog.AccessLogVerifier.Verification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * For operators' scripts: {@code --custodian.access-log.verify=<schoolId>} verifies that school's
 * log, logs one line (ids and counts only) and exits with 0 when intact, 2 when broken.
 */
@Component
@EnableConfigurationProperties(AccessLogProperties.class)
class AccessLogVerifyRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AccessLogVerifyRunner.class);

    private final AccessLogProperties properties;
    private final AccessLogVerifier verifier;
    private final ConfigurableApplicationContext context;

    AccessLogVerifyRunner(AccessLogProperties properties, AccessLogVerifier verifier,
                          ConfigurableApplicationContext context) {
        this.properties = properties;
        this.verifier = verifier;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.verify() == null) {
            return;
        }
        Verification result = verifier.verify(properties.verify());
        if (result.intact()) {
            log.info(describe(result));
        } else {
            log.warn(describe(result));
        }
        int status = result.intact() ? 0 : 2;
        System.exit(SpringApplication.exit(context, () -> status));
    }

    static String describe(Verification result) {
        String counts = result.treeSize() + " entries in the tree, " + result.checkpointsChecked()
                + " checkpoints checked, " + result.entriesRemovedUnderRetention() + " removed under retention, "
                + result.unintegratedEntries() + " not yet integrated";
        if (result.intact()) {
            return "access log of school " + result.schoolId() + ": intact, " + counts;
        }
        return "access log of school " + result.schoolId() + ": BROKEN"
                + (result.firstBrokenPosition() == null ? "" : " at position " + result.firstBrokenPosition())
                + " (" + result.problem() + "), " + counts;
    }
}
