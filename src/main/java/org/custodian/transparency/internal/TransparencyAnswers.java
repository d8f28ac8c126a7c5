package org.custodian.transparency.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.accesslog.AccessLogCheckpoints;
import org.custodian.backups.BackupPolicy;
import org.custodian.crypto.KeyCustody;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.retention.RetentionSchedule;
import org.custodian.rights.BreachDeadline;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.transparency.internal.SubProcessorStore.Change;
import org.springframework.stereotype.Service;

/**
 * The answers to a school supplier's GDPR questionnaire, each read from the running system when
 * asked: the school's categories and retention schedule, the configured storage, keys and backups,
 * and the sub-processor register. The page and the JSON show the same record.
 */
@Service
class TransparencyAnswers {

    /** The fields every pupil record holds, whatever the school switches on. */
    static final List<String> CORE_FIELDS = List.of("Unique pupil number (UPN)", "Forename", "Surname", "Date of birth",
            "Admission number", "Sex", "National curriculum year", "Registration group and classes",
            "Leaving date and reason");

    private final Schools schools;
    private final CategorySettings categories;
    private final RetentionSchedule retention;
    private final BackupPolicy backups;
    private final KeyCustody keys;
    private final DataLocation location;
    private final SubProcessorRegister subProcessors;
    private final AccessLogCheckpoints checkpoints;
    private final Clock clock;

    TransparencyAnswers(Schools schools, CategorySettings categories, RetentionSchedule retention, BackupPolicy backups,
                        KeyCustody keys, DataLocation location, SubProcessorRegister subProcessors,
                        AccessLogCheckpoints checkpoints, Clock clock) {
        this.schools = schools;
        this.categories = categories;
        this.retention = retention;
        this.backups = backups;
        this.keys = keys;
        this.location = location;
        this.subProcessors = subProcessors;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    @org.custodian.privacy.NoPersonalData("the school's name and the platform's answers; the contact prints nothing")
    record Answers(Instant generatedAt, UUID schoolId, String schoolName, DataHeld dataHeld,
                   DataLocation.Statement storage, Encryption encryption, String misArrival, SubjectAccess subjectAccess,
                   BreachProcedure breachProcedure, String pseudonymisation, Backups backups, List<Retained> retention,
                   List<SubProcessor> subProcessors, List<SubProcessor> announcedChanges, String sharing,
                   AccessLogAnswer accessLog) {
    }

    record DataHeld(List<String> coreFields, List<Category> optionalCategories) {
    }

    record Category(String category, String label, boolean enabled) {
    }

    record Encryption(List<KeyCustody.Algorithm> algorithms, String masterKey, String keyStore) {
    }

    record SubjectAccess(String contactName, String contactEmail, String procedure) {

        @Override
        public String toString() {
            return "SubjectAccess[contact given=" + (contactEmail != null) + "]";
        }
    }

    /** The school's latest signed checkpoint (null fields before the first) and how the log is kept. */
    record AccessLogAnswer(Long treeSize, String rootHash, Instant signedAt, String procedure) {
    }

    record BreachProcedure(long reportWithinHours, String procedure) {
    }

    record Backups(boolean scheduled, String schedule, int keepDaily, int keepMonthly, long keyRetentionDays,
                   int destinations, String erasureGuarantee) {
    }

    record Retained(String category, String records, String rule) {
    }

    @org.custodian.privacy.NoPersonalData("a company that processes data for the platform, and its safeguards")

    record SubProcessor(String key, String change, String name, String purpose, String dataCategories, String country,
                        String transferSafeguard, String addedOn, String effectiveOn) {
        static SubProcessor of(Change change) {
            return new SubProcessor(change.key(), change.kind().name(), change.name(), change.purpose(),
                    change.dataCategories(), change.country(), change.transferSafeguard(), change.addedOn().toString(),
                    change.effectiveOn().toString());
        }
    }

    Answers forSchool(UUID schoolId) {
        School school = schools.forSystem(schoolId).orElseThrow();
        Set<OptionalCategory> enabled = categories.enabled(schoolId);
        DataHeld held = new DataHeld(CORE_FIELDS, Arrays.stream(OptionalCategory.values())
                .map(c -> new Category(c.name(), c.label(), enabled.contains(c))).toList());
        KeyCustody.Statement custody = keys.statement();
        BackupPolicy.Policy policy = backups.policy();
        List<Retained> rules = new ArrayList<>();
        for (RetentionSchedule.Rule rule : retention.rules(schoolId)) {
            if (rule.category().tables().isEmpty()) {
                continue;
            }
            rules.add(new Retained(rule.category().name(), rule.category().records(),
                    (rule.period().isZero() ? "Deleted when " : "Deleted " + words(rule.period()) + " after ") + (rule.trigger() == rule.category().defaultTrigger()
                            ? rule.category().event() : rule.trigger().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                            + (rule.isDefault() ? " (Custodian's default)" : " (the school's choice)")));
        }
        var today = subProcessors.today();
        return new Answers(clock.instant(), schoolId, school.name(), held, location.statement(),
                new Encryption(custody.algorithms(), custody.masterKey(), custody.keyStore()),
                "The school's staff import files exported from the school's MIS (Common Transfer File or CSV) over HTTPS, "
                        + "or an MIS partner sends them through the API with one of the school's own API tokens, which the "
                        + "school's admins create and revoke. Each import is previewed before it is committed.",
                new SubjectAccess(school.contactName() == null ? null : school.contactName().value(),
                        school.contactEmail() == null ? null : school.contactEmail().value(),
                        "The school is the controller and answers requests. Its DPO records each request in Custodian's "
                                + "rights-request register, which keeps the statutory deadline (one calendar month, with "
                                + "clock stops and extensions) and produces the access bundle (JSON, CSV, PDF) for the DPO "
                                + "to review and release."),
                new BreachProcedure(BreachDeadline.REPORT_WITHIN.toHours(),
                        "Custodian, as processor, tells the school without undue delay after becoming aware of a breach "
                                + "affecting its data. The school decides whether to report it to the ICO, within "
                                + BreachDeadline.REPORT_WITHIN.toHours() + " hours of becoming aware (elapsed hours), and "
                                + "whether the people affected must be told. The access log shows what each account saw."),
                "Platform staff never read pupil data by role: the database's row-level security keeps each school's "
                        + "records to its own staff, and support reaches them only under the school's time-boxed consent, "
                        + "every access flagged in its access log. Figures across schools are counts only, with no names or identifiers.",
                new Backups(policy.schedule() != null, policy.schedule(), policy.keepDaily(), policy.keepMonthly(),
                        policy.keyRetention().toDays(), policy.destinations(), BackupPolicy.ERASURE_GUARANTEE),
                rules,
                subProcessors.standing(today).stream().map(SubProcessor::of).toList(),
                subProcessors.pending(today).stream().map(SubProcessor::of).toList(),
                "Custodian shares no pupil data with anyone but the school's own staff and the sub-processors listed. "
                        + "Support staff see a school's data only while the school's time-boxed consent lasts.",
                accessLog(schoolId));
    }

    private AccessLogAnswer accessLog(UUID schoolId) {
        String procedure = "Every read, search, change and export of pupil data is an entry in the school's access log, "
                + "with who, when, the purpose and, where needed, the reason. The log is a Merkle tree: Custodian signs "
                + "a checkpoint of it (its size and root hash) and emails it to the school, so any later rewrite of "
                + "the log shows against a checkpoint the school holds; the school can check it offline.";
        return checkpoints.latest(schoolId)
                .map(latest -> new AccessLogAnswer(latest.treeSize(), latest.rootHash(), latest.signedAt(), procedure))
                .orElse(new AccessLogAnswer(null, null, null, procedure));
    }

    static String words(Period period) {
        List<String> parts = new ArrayList<>();
        add(parts, period.getYears(), "year");
        add(parts, period.getMonths(), "month");
        add(parts, period.getDays(), "day");
        if (parts.isEmpty()) {
            return "at once";
        }
        return String.join(" and ", parts);
    }

    static String days(Duration duration) {
        long days = duration.toDays();
        return days + (days == 1 ? " day" : " days");
    }

    private static void add(List<String> parts, int count, String unit) {
        if (count != 0) {
            parts.add(count + " " + unit + (count == 1 ? "" : "s"));
        }
    }
}
