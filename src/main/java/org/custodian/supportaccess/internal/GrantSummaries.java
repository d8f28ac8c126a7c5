package org.custodian.supportaccess.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.custodian.accesslog.AccessLogReview;
import org.custodian.identity.Role;
import org.custodian.identity.StaffAccounts;
import org.custodian.identity.UserAccounts;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
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
 * When a grant ends (it expires, or the school revokes it) the school's admins get one email
 * listing every access made under it, taken from the school's own access log: each entry's time,
 * action, fields and pupil ids, and counts per action. Pupils appear by id only, as in the
 * access-log export; names stay behind the school's sign-in. Each grant is claimed before it is
 * summarised, so one instance sends it once.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(SupportAccessProperties.class)
class GrantSummaries implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(GrantSummaries.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm").withZone(UK);
    static final String PURPOSE = "SUPPORT_WITH_CONSENT";
    /**
     * An access checked just before the grant ended is logged just after: the summary takes in the
     * minute after the end too, so no access is left out (one may appear in a following grant's too).
     */
    static final java.time.Duration IN_FLIGHT = java.time.Duration.ofMinutes(1);

    private final SupportGrants grants;
    private final AccessLogReview accessLog;
    private final StaffAccounts staff;
    private final UserAccounts accounts;
    private final Schools schools;
    private final Mailer mailer;
    private final SupportAccessProperties properties;

    GrantSummaries(SupportGrants grants, AccessLogReview accessLog, StaffAccounts staff, UserAccounts accounts,
                   Schools schools, Mailer mailer, SupportAccessProperties properties) {
        this.grants = grants;
        this.accessLog = accessLog;
        this.staff = staff;
        this.accounts = accounts;
        this.schools = schools;
        this.mailer = mailer;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.summarySchedule())) {
            registrar.addCronTask(new CronTask(this::sendDue, new CronTrigger(properties.summarySchedule(), UK)));
        }
    }

    /** Summarises every grant that has ended and not been summarised; returns how many were sent. */
    int sendDue() {
        int sent = 0;
        for (SupportGrant grant : grants.endedUnsummarised(grants.now())) {
            try {
                if (summarise(grant)) {
                    sent++;
                }
            } catch (RuntimeException e) {
                log.error("Could not summarise support grant {} of school {}: {}", grant.id(), grant.schoolId(),
                        e.getClass().getSimpleName());
            }
        }
        return sent;
    }

    /** Sends the grant's summary unless another caller has; false if it was not this one's to send. */
    boolean summarise(SupportGrant grant) {
        if (!grants.claimSummary(grant, grants.now())) {
            return false;
        }
        List<AccessLogReview.Entry> entries = accesses(grant);
        String body = body(grant, entries);
        for (StaffAccounts.StaffAccount admin : staff.of(grant.schoolId())) {
            if (admin.role() == Role.SCHOOL_ADMIN && admin.enabled()) {
                mailer.send(new EmailAddress(admin.username()), "Support access to your school has ended", body);
            }
        }
        return true;
    }

    /** Every access made under the grant: support's entries under its purpose while it was live, oldest first. */
    List<AccessLogReview.Entry> accesses(SupportGrant grant) {
        List<AccessLogReview.Entry> found = new ArrayList<>();
        Long before = null;
        do {
            var page = accessLog.search(grant.schoolId(), new AccessLogReview.Query(grant.engineerId(), null, PURPOSE,
                    null, grant.grantedAt(), grant.endedAt().plus(IN_FLIGHT), null, false, before,
                    AccessLogReview.MAX_LIMIT));
            page.entries().stream().filter(entry -> Role.SUPPORT.name().equals(entry.actorRole()))
                    .forEach(found::add);
            before = page.next();
        } while (before != null);
        java.util.Collections.reverse(found);
        return found;
    }

    String body(SupportGrant grant, List<AccessLogReview.Entry> entries) {
        String schoolName = schools.forSystem(grant.schoolId()).map(School::name).orElse("your school");
        Map<UUID, String> engineers = accounts.supportEngineers();
        Map<String, Integer> perAction = new TreeMap<>();
        Set<UUID> pupils = new LinkedHashSet<>();
        StringBuilder lines = new StringBuilder();
        for (AccessLogReview.Entry entry : entries) {
            perAction.merge(entry.action(), 1, Integer::sum);
            pupils.addAll(entry.subjectIds());
            lines.append("- ").append(TIME.format(entry.occurredAt())).append(", entry ").append(entry.sequence())
                    .append(": ").append(entry.action()).append(" by ")
                    .append(engineers.getOrDefault(entry.actorId(), "support engineer " + entry.actorId()))
                    .append(", ").append(entry.subjectIds().size()).append(" pupil(s): ")
                    .append(entry.subjectIds().stream().map(UUID::toString).reduce((a, b) -> a + ", " + b).orElse("none"))
                    .append("; fields: ").append(String.join(", ", entry.fields())).append('\n');
        }
        String how = grant.revokedAt() != null && !grant.revokedAt().isAfter(grant.expiresAt())
                ? "was revoked on " + TIME.format(grant.revokedAt())
                : "expired on " + TIME.format(grant.expiresAt());
        StringBuilder body = new StringBuilder();
        body.append("The support access your school gave on ").append(TIME.format(grant.grantedAt())).append(' ')
                .append(how).append(".\n\n")
                .append("School: ").append(schoolName).append('\n')
                .append("Scope: ").append(grant.mode() == SupportGrant.Mode.CHANGE ? "read and change" : "read only")
                .append(", the core record").append(grant.categories().isEmpty() ? "" : " and "
                        + String.join(", ", grant.categories().stream().map(Enum::name).toList())).append('\n')
                .append("For: ").append(grant.engineerId() == null ? "any support engineer"
                        : engineers.getOrDefault(grant.engineerId(), "one named support engineer")).append("\n\n");
        if (entries.isEmpty()) {
            body.append("Support did not access any pupil data under this consent.\n");
        } else {
            body.append("Support accessed pupil data ").append(entries.size()).append(" time(s), about ")
                    .append(pupils.size()).append(" pupil(s).\n");
            perAction.forEach((action, count) -> body.append(action).append(": ").append(count).append('\n'));
            body.append("\nEvery access, oldest first (pupils by their id, as in your access log):\n").append(lines);
        }
        body.append("\nEach access is in your school's access log, flagged as support access, with the reason ")
                .append("support gave. Pupils' names are shown there, after you sign in.\n");
        return body.toString();
    }
}
