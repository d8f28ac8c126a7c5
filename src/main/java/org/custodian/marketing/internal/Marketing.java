package org.custodian.marketing.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.StaffAccounts;
import org.custodian.identity.StaffAccounts.StaffAccount;
import org.custodian.mail.Mailer;
import org.custodian.mail.SuppressionList;
import org.custodian.marketing.internal.MarketingStore.OptIn;
import org.custodian.privacy.EmailAddress;
import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionSchedule;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.custodian.web.PublicAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Service;

/**
 * Opt-ins, the suppression list (which the Mailer consults through {@link SuppressionList}),
 * unsubscribing, sending news to the staff who opted in, and the daily lapse of opt-ins.
 */
@Service
@EnableScheduling
@EnableConfigurationProperties(MarketingProperties.class)
class Marketing implements SuppressionList, SchedulingConfigurer {

    static final String UNSUBSCRIBE_PATH = "/unsubscribe/";
    private static final Logger log = LoggerFactory.getLogger(Marketing.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final MarketingStore store;
    private final UnsubscribeTokens tokens;
    private final StaffAccounts staff;
    private final Schools schools;
    private final RetentionSchedule retention;
    private final Tenancy tenancy;
    private final Mailer mailer;
    private final PublicAddress publicAddress;
    private final MarketingProperties properties;
    private final Clock clock;

    Marketing(MarketingStore store, UnsubscribeTokens tokens, StaffAccounts staff, Schools schools,
              RetentionSchedule retention, Tenancy tenancy, Mailer mailer, PublicAddress publicAddress,
              MarketingProperties properties, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.staff = staff;
        this.schools = schools;
        this.retention = retention;
        this.tenancy = tenancy;
        this.mailer = mailer;
        this.publicAddress = publicAddress;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.lapseSchedule())) {
            registrar.addCronTask(new CronTask(() -> lapse(clock.instant()), new CronTrigger(properties.lapseSchedule(), UK)));
        }
    }

    String wording() {
        return properties.optInWording();
    }

    /** The user's standing: opted in (since, wording) or not, and whether their address unsubscribed. */
    record Status(boolean optedIn, Instant optedInAt, String wording, Instant unsubscribedAt) {
    }

    Status status(CustodianUser user) {
        UUID school = user.ownSchoolId();
        Optional<OptIn> live = tenancy.inSchool(school, () -> store.live(school, user.id()));
        Instant unsubscribed = address(user).flatMap(a -> store.suppressedAt(tokens.addressIndex(a))).orElse(null);
        return new Status(live.isPresent(), live.map(OptIn::optedInAt).orElse(null),
                live.map(OptIn::wording).orElse(wording()), unsubscribed);
    }

    /** Records the opt-in with the wording shown; opting in again counts as an interaction. */
    Status optIn(CustodianUser user) {
        UUID school = user.ownSchoolId();
        EmailAddress address = address(user).orElseThrow(() -> ProblemException.conflict("no-email-address",
                "Your sign-in name is not an email address, so Custodian has nowhere to send news."));
        byte[] index = tokens.addressIndex(address);
        if (store.suppressed(index)) {
            throw ProblemException.conflict("address-unsubscribed",
                    "This address unsubscribed from Custodian's news, and an unsubscribed address is never mailed again.");
        }
        Instant now = clock.instant();
        tenancy.inSchool(school, () -> {
            Optional<OptIn> live = store.live(school, user.id());
            if (live.isPresent() && java.util.Arrays.equals(live.get().addressIndex(), index)) {
                store.touch(school, live.get().id(), now);
            } else {
                live.ifPresent(old -> store.withdraw(school, user.id(), now));
                store.insert(new OptIn(school, UUID.randomUUID(), user.id(), index, wording(), now, now));
            }
        });
        return status(user);
    }

    Status withdraw(CustodianUser user) {
        UUID school = user.ownSchoolId();
        tenancy.inSchool(school, () -> store.withdraw(school, user.id(), clock.instant()));
        return status(user);
    }

    /** One click from an email: the token's address joins the suppression list. Refuses a bad token. */
    boolean unsubscribe(String token) {
        byte[] index = tokens.verify(token);
        return store.suppress(index, clock.instant());
    }

    @Override
    public boolean suppressed(EmailAddress address) {
        return store.suppressed(tokens.addressIndex(address));
    }

    String unsubscribeLink(EmailAddress address) {
        return publicAddress.link(UNSUBSCRIBE_PATH + tokens.tokenFor(address));
    }

    /** Sends news to every member of staff whose opt-in stands, at the address they opted in with. */
    int send(String subject, String body) {
        if (subject == null || subject.isBlank() || subject.length() > 200 || subject.chars().anyMatch(Character::isISOControl)
                || body == null || body.isBlank() || body.length() > 20_000) {
            throw ProblemException.badRequest("invalid-marketing-mail",
                    "Give a one-line subject of 1 to 200 characters and a body of 1 to 20,000 characters.");
        }
        int sent = 0;
        for (Schools.Status school : schools.statuses()) {
            if (!school.state().inService()) {
                continue;
            }
            List<OptIn> optIns = tenancy.inSchool(school.id(), () -> store.live(school.id()));
            if (optIns.isEmpty()) {
                continue;
            }
            List<StaffAccount> accounts = staff.of(school.id());
            for (OptIn optIn : optIns) {
                Optional<EmailAddress> to = accounts.stream()
                        .filter(account -> account.id().equals(optIn.userId()) && account.enabled())
                        .map(StaffAccount::username).filter(EmailAddress::isValid).map(EmailAddress::new).findFirst()
                        // An opt-in covers the address it was given for, not one the account changed to since.
                        .filter(address -> java.util.Arrays.equals(tokens.addressIndex(address), optIn.addressIndex()));
                if (to.isPresent() && mailer.sendMarketing(to.get(), subject, body, unsubscribeLink(to.get()))) {
                    sent++;
                }
            }
        }
        return sent;
    }

    /** Deletes, school by school, the opt-ins whose last interaction is older than the school's rule. */
    int lapse(Instant now) {
        int lapsed = 0;
        for (Schools.Status school : schools.statuses()) {
            try {
                RetentionSchedule.Rule rule = retention.rule(school.id(), RetentionCategory.MARKETING_CONTACTS);
                Instant cutoff = now.atZone(UK).minus(rule.period()).toInstant();
                lapsed += tenancy.inSchool(school.id(), () -> store.lapse(school.id(), cutoff));
            } catch (RuntimeException e) {
                log.error("Lapsing marketing opt-ins for school {} failed: {}", school.id(), e.getClass().getSimpleName());
            }
        }
        return lapsed;
    }

    private static Optional<EmailAddress> address(CustodianUser user) {
        return EmailAddress.isValid(user.getUsername()) ? Optional.of(new EmailAddress(user.getUsername())) : Optional.empty();
    }
}
