package org.custodian.backups.internal;

import org.custodian.backups.BackupPolicy;
import org.springframework.stereotype.Component;

/** The policy straight from the backup settings. */
@Component
class ConfiguredBackupPolicy implements BackupPolicy {

    private final BackupProperties properties;

    ConfiguredBackupPolicy(BackupProperties properties) {
        this.properties = properties;
    }

    @Override
    public Policy policy() {
        return new Policy(off(properties.schedule()), properties.keepDaily(), properties.keepMonthly(),
                properties.keyRetention(), 1 + properties.extraDestinations().size(), off(properties.drillSchedule()));
    }

    private static String off(String cron) {
        return "-".equals(cron) ? null : cron;
    }
}
