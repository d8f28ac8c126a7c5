package org.custodian;

import java.time.Clock;
import java.util.Arrays;

import org.custodian.accesslog.OfflineAccessLogVerifier;
import org.custodian.backups.RestoreCommand;
import org.custodian.retention.OfflineCertificateVerifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CustodianApplication {

    public static void main(String[] args) {
        // Offline tools run without Spring, the database or any configuration.
        if (args.length > 0 && OfflineAccessLogVerifier.COMMAND.equals(args[0])) {
            System.exit(OfflineAccessLogVerifier.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && OfflineCertificateVerifier.COMMAND.equals(args[0])) {
            System.exit(OfflineCertificateVerifier.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        // Restores into a fresh database with the master key file alone; the application does not start.
        if (args.length > 0 && RestoreCommand.COMMAND.equals(args[0])) {
            System.exit(RestoreCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        SpringApplication.run(CustodianApplication.class, args);
    }

    /** The one source of time: tests replace it to move time on. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
