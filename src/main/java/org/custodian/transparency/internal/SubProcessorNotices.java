package org.custodian.transparency.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.Role;
import org.custodian.identity.StaffAccounts;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.custodian.transparency.internal.SubProcessorStore.Change;
import org.custodian.web.PublicAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Tells every school in service of each sub-processor change before it takes effect (a change is
 * recorded at least 30 days ahead, and this job runs hourly on every instance). The notice is
 * recorded per school and change under a per-school advisory try-lock before the email goes, so
 * a rerun or a second instance sends nothing twice. It goes to the school's main contact and DPOs.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(TransparencyProperties.class)
class SubProcessorNotices implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SubProcessorNotices.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final SubProcessorRegister register;
    private final SubProcessorStore store;
    private final Schools schools;
    private final StaffAccounts staff;
    private final Tenancy tenancy;
    private final Mailer mailer;
    private final TransparencyProperties properties;
    private final PublicAddress publicAddress;
    private final Clock clock;

    SubProcessorNotices(SubProcessorRegister register, SubProcessorStore store, Schools schools, StaffAccounts staff,
                        Tenancy tenancy, Mailer mailer, TransparencyProperties properties, PublicAddress publicAddress,
                        Clock clock) {
        this.register = register;
        this.store = store;
        this.schools = schools;
        this.staff = staff;
        this.tenancy = tenancy;
        this.mailer = mailer;
        this.properties = properties;
        this.publicAddress = publicAddress;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.noticeSchedule())) {
            registrar.addCronTask(new CronTask(this::run,
                    new CronTrigger(properties.noticeSchedule(), SubProcessorRegister.UK)));
        }
    }

    /** One pass; returns how many notices (school and change) were sent. */
    int run() {
        LocalDate today = register.today();
        List<Change> pending = register.pending(today);
        if (pending.isEmpty()) {
            return 0;
        }
        int sent = 0;
        for (Schools.Status status : schools.statuses()) {
            if (!status.state().inService()) {
                continue;
            }
            try {
                sent += notify(status.id(), pending);
            } catch (RuntimeException e) {
                log.error("Sub-processor notices for school {} failed: {}", status.id(), e.getClass().getSimpleName());
            }
        }
        return sent;
    }

    private int notify(UUID schoolId, List<Change> pending) {
        List<Change> claimed = tenancy.inSchool(schoolId, () -> {
            if (!store.tryLock(schoolId)) {
                return List.<Change>of();
            }
            List<Change> mine = new ArrayList<>();
            for (Change change : pending) {
                if (store.claimNotice(schoolId, change.id(), clock.instant())) {
                    mine.add(change);
                }
            }
            return mine;
        });
        if (claimed.isEmpty()) {
            return 0;
        }
        // Sent once the notices are committed: a failed commit must not leave an email with no record.
        Set<EmailAddress> recipients = recipients(schoolId);
        if (recipients.isEmpty()) {
            log.warn("School {} has no main contact or DPO to tell of a sub-processor change", schoolId);
        }
        for (Change change : claimed) {
            for (EmailAddress to : recipients) {
                mailer.send(to, subject(change), body(change));
            }
        }
        return claimed.size();
    }

    private Set<EmailAddress> recipients(UUID schoolId) {
        Set<EmailAddress> to = new LinkedHashSet<>();
        schools.forSystem(schoolId).map(School::contactEmail).ifPresent(to::add);
        staff.of(schoolId).stream().filter(account -> account.enabled() && account.role() == Role.DPO)
                .map(StaffAccounts.StaffAccount::username).filter(EmailAddress::isValid).map(EmailAddress::new)
                .forEach(to::add);
        return to;
    }

    static String subject(Change change) {
        return switch (change.kind()) {
            case ADDED -> "New sub-processor from " + DATE.format(change.effectiveOn()) + ": " + change.name();
            case CHANGED -> "Sub-processor changing from " + DATE.format(change.effectiveOn()) + ": " + change.name();
            case REMOVED -> "Sub-processor removed from " + DATE.format(change.effectiveOn()) + ": " + change.name();
        };
    }

    private String body(Change change) {
        String what = switch (change.kind()) {
            case ADDED -> "will start processing personal data for Custodian";
            case CHANGED -> "will process personal data differently";
            case REMOVED -> "will stop processing personal data for Custodian";
        };
        return """
                %s %s from %s.

                Purpose: %s
                Data categories: %s
                Country: %s
                Transfer safeguard: %s

                The full list of sub-processors, and the changes announced, are on your school's transparency page:
                %s

                If you object to this change, tell the operator of your Custodian service before it takes effect.
                """.formatted(change.name(), what, DATE.format(change.effectiveOn()), change.purpose(),
                change.dataCategories(), change.country(), change.transferSafeguard(),
                publicAddress.link(TransparencyPageController.PATH));
    }
}
