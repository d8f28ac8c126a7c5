package org.custodian.breaches.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.custodian.accesslog.ActorAccesses;
import org.custodian.breaches.internal.BreachStore.AckRow;
import org.custodian.breaches.internal.BreachStore.AffectedRow;
import org.custodian.breaches.internal.BreachStore.EventRow;
import org.custodian.breaches.internal.BreachStore.IncidentRow;
import org.custodian.breaches.internal.BreachStore.NoticeRow;
import org.custodian.breaches.internal.BreachStore.ScopeRow;
import org.custodian.crypto.PlatformCipher;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.StaffAccounts;
import org.custodian.identity.StaffAccounts.StaffAccount;
import org.custodian.mail.Mailer;
import org.custodian.privacy.EmailAddress;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilNames;
import org.custodian.rights.BreachDeadline;
import org.custodian.schools.School;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.custodian.web.PublicAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The register's rules. Free text (what happened, containment, risk, notes, reasons) is encrypted
 * under the platform cipher bound to its row before it is stored and is never logged. Nothing is
 * written unless every rule holds.
 */
@Service
class BreachRegister {

    private static final Logger log = LoggerFactory.getLogger(BreachRegister.class);
    static final String DETAILS_FIELD = "breach.details";
    static final String EVENT_FIELD = "breach.event";
    static final String PURPOSE = "BREACH_INVESTIGATION";
    private static final int MAX_TEXT = 10_000;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum Category { CONFIDENTIALITY, INTEGRITY, AVAILABILITY }

    enum ScopeKind { ACCOUNT, SESSION, API_TOKEN }

    /** What the operator writes about an incident: may describe people, so kept encrypted. */
    record Details(String whatHappened, String containment, String risk) {
        @Override
        public String toString() {
            return "Details[redacted]";
        }
    }

    record NewIncident(Category category, Instant startedAt, Instant awareAt, List<String> dataCategories,
                       Integer approximateSubjects, Integer approximateRecords, Details details) {
        @Override
        public String toString() {
            return "NewIncident[category=" + category + "]";
        }
    }

    record Incident(UUID id, Category category, Instant startedAt, Instant awareAt, Instant reportBy,
                    List<String> dataCategories, Integer approximateSubjects, Integer approximateRecords,
                    Details details, Instant recordedAt) {
        @Override
        public String toString() {
            return "Incident[id=" + id + "]";
        }
    }

    /** One line of the dashboard: the clock and where the decision stands. */
    record Summary(UUID id, Category category, Instant awareAt, Instant reportBy, long minutesLeft,
                   String decision, int schools, long pupils, int notices, int acknowledged) {
    }

    /** A timeline event, decrypted: {@code text} for notes and scopes, reasons for decisions. */
    record Event(UUID id, String kind, Instant occurredAt, UUID recordedBy, Boolean reportToIco, Boolean tellSubjects,
                 String text, String reasons, String delayReasons) {
        @Override
        public String toString() {
            return "Event[kind=" + kind + "]";
        }
    }

    record Scope(UUID id, ScopeKind kind, UUID actorId, String sourceIp, Instant from, Instant to, Instant scopedAt,
                 List<AffectedSchool> schools) {
        @Override
        public String toString() {
            return "Scope[id=" + id + ", kind=" + kind + "]";
        }
    }

    record AffectedSchool(UUID schoolId, long entries, long pupils) {
    }

    record Notice(UUID schoolId, Instant sentAt, int recipients, List<Acknowledgement> acknowledgements) {
    }

    record Acknowledgement(UUID userId, Instant acknowledgedAt) {
    }

    record Detail(Incident incident, List<Event> timeline, List<Scope> scopes, List<Notice> notices) {
    }

    /** What a school's staff see of an incident they were told about. */
    record SchoolNotice(Incident incident, Instant sentAt, long entries, long pupilsAtLeast, List<Acknowledgement> acknowledgements) {
    }

    private final BreachStore store;
    private final Tenancy tenancy;
    private final PlatformCipher cipher;
    private final ActorAccesses accesses;
    private final Schools schools;
    private final StaffAccounts staff;
    private final Mailer mailer;
    private final PupilNames pupilNames;
    private final PublicAddress publicAddress;
    private final Clock clock;

    BreachRegister(BreachStore store, Tenancy tenancy, PlatformCipher cipher, ActorAccesses accesses, Schools schools,
                   StaffAccounts staff, Mailer mailer, PupilNames pupilNames, PublicAddress publicAddress, Clock clock) {
        this.store = store;
        this.tenancy = tenancy;
        this.cipher = cipher;
        this.accesses = accesses;
        this.schools = schools;
        this.staff = staff;
        this.mailer = mailer;
        this.pupilNames = pupilNames;
        this.publicAddress = publicAddress;
        this.clock = clock;
    }

    // ---- the register (platform scope) ----

    UUID record(CustodianUser actor, NewIncident incident) {
        validate(incident);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        byte[] details = cipher.encryptString(id, DETAILS_FIELD, json(Map.of(
                "whatHappened", incident.details().whatHappened(),
                "containment", Objects.toString(incident.details().containment(), ""),
                "risk", Objects.toString(incident.details().risk(), ""))));
        tenancy.asPlatform(() -> {
            store.insertIncident(new IncidentRow(id, incident.category().name(), incident.startedAt(),
                    incident.awareAt(), incident.dataCategories(), incident.approximateSubjects(),
                    incident.approximateRecords(), details, actor.id(), now));
            event(id, "RECORDED", actor, null, null, Map.of());
        });
        return id;
    }

    void note(CustodianUser actor, UUID id, String note) {
        String text = requireText(note, "note", false);
        inIncident(id, () -> event(id, "NOTE", actor, null, null, Map.of("text", text)));
    }

    /**
     * Records the decision to report to the ICO or not, and whether the people must be told. A
     * decision to report made after the 72 hours must give the reasons for the delay.
     */
    void decide(CustodianUser actor, UUID id, Boolean reportToIco, Boolean tellSubjects, String reasons,
                String delayReasons) {
        if (reportToIco == null || tellSubjects == null) {
            throw ProblemException.badRequest("invalid-breach-decision", "Say whether the breach is reported to the ICO"
                    + " and whether the people affected must be told.");
        }
        String why = requireText(reasons, "reasons", true);
        String delay = delayReasons == null || delayReasons.isBlank() ? null : requireText(delayReasons,
                "delayReasons", true);
        inIncident(id, () -> {
            IncidentRow row = store.incident(id).orElseThrow();
            if (reportToIco && delay == null && clock.instant().isAfter(BreachDeadline.reportBy(row.awareAt()))) {
                throw ProblemException.badRequest("invalid-breach-decision", "The 72 hours have passed: give the"
                        + " reasons for the delay (delayReasons).");
            }
            Map<String, String> text = new LinkedHashMap<>();
            text.put("reasons", why);
            if (delay != null) {
                text.put("delayReasons", delay);
            }
            event(id, "DECISION", actor, reportToIco, tellSubjects, text);
        });
    }

    /**
     * Scopes the incident to what one actor saw in a window: counted in every school still holding
     * data, recorded with the counts of the schools it reached.
     */
    Scope scope(CustodianUser actor, UUID id, ScopeKind kind, UUID actorId, String sourceIp, Instant requestedFrom,
                Instant requestedTo) {
        if (kind == null || actorId == null || requestedFrom == null || requestedTo == null) {
            throw ProblemException.badRequest("invalid-breach-scope", "Give kind (ACCOUNT, SESSION or API_TOKEN),"
                    + " actorId, and a window whose end (to) is after its start (from).");
        }
        // The access log keeps microseconds: the window counted is the window stored.
        Instant from = requestedFrom.truncatedTo(ChronoUnit.MICROS);
        Instant to = requestedTo.truncatedTo(ChronoUnit.MICROS);
        if (!to.isAfter(from)) {
            throw ProblemException.badRequest("invalid-breach-scope", "The window's end (to) must be after its start (from).");
        }
        String ip = sourceIp == null || sourceIp.isBlank() ? null : sourceIp.strip();
        if ((kind == ScopeKind.SESSION) != (ip != null) || (ip != null && ip.length() > 64)) {
            throw ProblemException.badRequest("invalid-breach-scope", "A session is scoped by its account and its"
                    + " client address (sourceIp, at most 64 characters); accounts and API tokens take no address.");
        }
        if (tenancy.asPlatform(() -> store.incident(id)).isEmpty()) {
            throw notFound();
        }
        ActorAccesses.Window window = new ActorAccesses.Window(actorId, ip, from, to);
        List<AffectedSchool> reached = new ArrayList<>();
        for (Schools.Status status : schools.statuses()) {
            if (status.state() == SchoolState.PURGED) {
                continue;
            }
            ActorAccesses.Counts counts = accesses.count(status.id(), window);
            if (counts.entries() > 0) {
                reached.add(new AffectedSchool(status.id(), counts.entries(), counts.pupils()));
            }
        }
        UUID scopeId = UUID.randomUUID();
        Instant now = clock.instant();
        inIncident(id, () -> {
            store.insertScope(new ScopeRow(scopeId, id, kind.name(), actorId, ip, from, to, now), actor.id());
            for (AffectedSchool school : reached) {
                store.insertAffected(id, new AffectedRow(school.schoolId(), scopeId, school.entries(), school.pupils()), now);
            }
            long pupils = reached.stream().mapToLong(AffectedSchool::pupils).sum();
            event(id, "SCOPED", actor, null, null, Map.of("text", kind.name() + " scope " + scopeId + ": "
                    + reached.size() + " school(s), " + pupils + " pupil(s)"));
        });
        return new Scope(scopeId, kind, actorId, ip, from, to, now, reached);
    }

    /**
     * Tells every school a scope reached that has not been told yet: the notice is recorded first,
     * then the school's main contact and its DPOs are emailed. Returns the schools notified.
     */
    List<UUID> sendNotices(CustodianUser actor, UUID id) {
        record Pending(School school, List<EmailAddress> to) {
        }
        List<Pending> pending = new ArrayList<>();
        Set<UUID> reached = new LinkedHashSet<>();
        Set<UUID> told = new LinkedHashSet<>();
        tenancy.asPlatform(() -> {
            if (store.incident(id).isEmpty()) {
                throw notFound();
            }
            store.affected(id).stream().filter(a -> a.entries() > 0).forEach(a -> reached.add(a.schoolId()));
            store.notices(id).forEach(n -> told.add(n.schoolId()));
        });
        reached.removeAll(told);
        for (UUID schoolId : reached) {
            School school = schools.forSystem(schoolId).orElse(null);
            if (school != null) {
                pending.add(new Pending(school, recipients(school)));
            }
        }
        Instant now = clock.instant();
        List<UUID> recorded = new ArrayList<>();
        inIncident(id, () -> {
            for (Pending notice : pending) {
                if (store.insertNotice(new NoticeRow(notice.school().id(), id, now, notice.to().size()), actor.id())) {
                    recorded.add(notice.school().id());
                }
            }
            if (!recorded.isEmpty()) {
                event(id, "NOTICES_SENT", actor, null, null, Map.of("text", recorded.size() + " school(s) notified"));
            }
        });
        // Sent once the notices are committed: a failed commit must not leave an email with no record.
        for (Pending notice : pending) {
            if (!recorded.contains(notice.school().id())) {
                continue;
            }
            if (notice.to().isEmpty()) {
                log.warn("School {} was notified of a breach but has no address to email", notice.school().id());
            }
            for (EmailAddress to : notice.to()) {
                mailer.send(to, "Custodian: a personal data breach may affect your school", noticeBody(id));
            }
        }
        return recorded;
    }

    List<Summary> dashboard() {
        Instant now = clock.instant();
        return tenancy.asPlatform(() -> store.incidents().stream().map(row -> {
            List<EventRow> events = store.events(row.id());
            String decision = events.stream().filter(e -> e.kind().equals("DECISION")).reduce((a, b) -> b)
                    .map(e -> e.reportToIco() ? "Report to the ICO" : "Not reportable").orElse("Decision needed");
            List<AffectedRow> affected = store.affected(row.id());
            Set<UUID> schoolIds = new LinkedHashSet<>();
            affected.forEach(a -> schoolIds.add(a.schoolId()));
            long pupils = affected.stream().mapToLong(AffectedRow::pupils).sum();
            List<NoticeRow> notices = store.notices(row.id());
            Set<UUID> acknowledged = new LinkedHashSet<>();
            store.acknowledgements(row.id()).forEach(a -> acknowledged.add(a.schoolId()));
            Instant reportBy = BreachDeadline.reportBy(row.awareAt());
            return new Summary(row.id(), Category.valueOf(row.category()), row.awareAt(), reportBy,
                    Duration.between(now, reportBy).toMinutes(), decision, schoolIds.size(), pupils, notices.size(),
                    acknowledged.size());
        }).toList());
    }

    Detail detail(UUID id) {
        return tenancy.asPlatform(() -> {
            IncidentRow row = store.incident(id).orElseThrow(BreachRegister::notFound);
            List<Event> timeline = store.events(id).stream().map(this::open).toList();
            List<AffectedRow> affected = store.affected(id);
            List<Scope> scopes = store.scopes(id).stream().map(s -> new Scope(s.id(), ScopeKind.valueOf(s.kind()),
                    s.actorId(), s.sourceIp(), s.from(), s.to(), s.scopedAt(), affected.stream()
                    .filter(a -> a.scopeId().equals(s.id()))
                    .map(a -> new AffectedSchool(a.schoolId(), a.entries(), a.pupils())).toList())).toList();
            List<AckRow> acks = store.acknowledgements(id);
            List<Notice> notices = store.notices(id).stream().map(n -> new Notice(n.schoolId(), n.sentAt(),
                    n.recipients(), acks.stream().filter(a -> a.schoolId().equals(n.schoolId()))
                    .map(a -> new Acknowledgement(a.acknowledgedBy(), a.acknowledgedAt())).toList())).toList();
            return new Detail(open(row), timeline, scopes, notices);
        });
    }

    // ---- a school's notices (its own scope) ----

    List<SchoolNotice> notices(CustodianUser user) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> store.notices(null).stream()
                .map(n -> schoolNotice(school, n)).toList());
    }

    SchoolNotice notice(CustodianUser user, UUID id) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> store.notices(id).stream().findFirst()
                .map(n -> schoolNotice(school, n))
                .orElseThrow(BreachRegister::noticeNotFound));
    }

    /** Records that this user acknowledged the notice; false if they had already. */
    boolean acknowledge(CustodianUser user, UUID id) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            if (store.notices(id).isEmpty()) {
                throw noticeNotFound();
            }
            return store.insertAcknowledgement(school, id, user.id(), clock.instant());
        });
    }

    /**
     * The names of the user's own school's pupils that the incident's scopes reached: for the DPO,
     * one read logged under {@code BREACH_INVESTIGATION}.
     */
    Map<UUID, String> names(CustodianUser dpo, UUID id, String requestId, String sourceIp) {
        UUID school = dpo.ownSchoolId();
        Set<UUID> pupils = pupilIds(school, id);
        return pupilNames.names(new AccessContext(dpo, PURPOSE, "Breach notice " + id, requestId, sourceIp), pupils);
    }

    /** The distinct pupils of the school that the incident's scopes reached (the school must have a notice). */
    Set<UUID> pupilIds(UUID school, UUID id) {
        List<ScopeRow> scopes = tenancy.inSchool(school, () -> {
            if (store.notices(id).isEmpty()) {
                throw noticeNotFound();
            }
            return store.scopes(id);
        });
        Set<UUID> pupils = new LinkedHashSet<>();
        for (ScopeRow scope : scopes) {
            pupils.addAll(accesses.pupils(school, new ActorAccesses.Window(scope.actorId(), scope.sourceIp(),
                    scope.from(), scope.to())));
        }
        return pupils;
    }

    // ---- helpers ----

    private SchoolNotice schoolNotice(UUID school, NoticeRow n) {
        IncidentRow row = store.incident(n.incidentId()).orElseThrow();
        List<AffectedRow> affected = store.affected(n.incidentId()).stream()
                .filter(a -> a.schoolId().equals(school)).toList();
        return new SchoolNotice(open(row), n.sentAt(), affected.stream().mapToLong(AffectedRow::entries).sum(),
                affected.stream().mapToLong(AffectedRow::pupils).max().orElse(0),
                store.acknowledgements(n.incidentId()).stream().filter(a -> a.schoolId().equals(school))
                        .map(a -> new Acknowledgement(a.acknowledgedBy(), a.acknowledgedAt())).toList());
    }

    private void inIncident(UUID id, Runnable work) {
        tenancy.asPlatform(() -> {
            if (!store.lock(id)) {
                throw notFound();
            }
            work.run();
        });
    }

    private void event(UUID incidentId, String kind, CustodianUser actor, Boolean reportToIco, Boolean tellSubjects,
                       Map<String, String> text) {
        UUID eventId = UUID.randomUUID();
        byte[] sealed = text.isEmpty() ? null : cipher.encryptString(eventId, EVENT_FIELD, json(text));
        store.insertEvent(incidentId, new EventRow(eventId, kind, clock.instant(), actor.id(), reportToIco,
                tellSubjects, sealed));
    }

    private Event open(EventRow row) {
        JsonNode text = row.text() == null ? JSON.createObjectNode()
                : JSON.readTree(cipher.decryptString(row.id(), EVENT_FIELD, row.text()));
        return new Event(row.id(), row.kind(), row.occurredAt(), row.recordedBy(), row.reportToIco(),
                row.tellSubjects(), text(text, "text"), text(text, "reasons"), text(text, "delayReasons"));
    }

    private Incident open(IncidentRow row) {
        JsonNode details = JSON.readTree(cipher.decryptString(row.id(), DETAILS_FIELD, row.details()));
        return new Incident(row.id(), Category.valueOf(row.category()), row.startedAt(), row.awareAt(),
                BreachDeadline.reportBy(row.awareAt()), row.dataCategories(), row.approximateSubjects(),
                row.approximateRecords(), new Details(text(details, "whatHappened"), text(details, "containment"),
                text(details, "risk")), row.recordedAt());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String json(Map<String, String> values) {
        ObjectNode node = JSON.createObjectNode();
        values.forEach(node::put);
        return JSON.writeValueAsString(node);
    }

    private List<EmailAddress> recipients(School school) {
        Set<EmailAddress> to = new LinkedHashSet<>();
        if (school.contactEmail() != null) {
            to.add(school.contactEmail());
        }
        for (StaffAccount account : staff.of(school.id())) {
            if (account.enabled() && account.role() == Role.DPO && EmailAddress.isValid(account.username())) {
                to.add(new EmailAddress(account.username()));
            }
        }
        return List.copyOf(to);
    }

    private String noticeBody(UUID id) {
        return """
                Custodian, which processes your pupils' data for you, has recorded a personal data breach that \
                may affect your school (reference %s).

                As the controller you decide whether to report it to the ICO, within 72 hours of becoming \
                aware of it. Read what happened, how many of your pupils it reached and a draft ICO report, \
                and acknowledge this notice:
                %s
                """.formatted(id, publicAddress.link(BreachPageController.SCHOOL_PATH));
    }

    private void validate(NewIncident incident) {
        Instant now = clock.instant();
        if (incident.category() == null || incident.startedAt() == null || incident.awareAt() == null) {
            throw invalid("Give the category, when it started (startedAt) and when you became aware (awareAt).");
        }
        if (incident.awareAt().isAfter(now)) {
            throw invalid("Awareness (awareAt) cannot be in the future.");
        }
        if (incident.awareAt().isBefore(incident.startedAt())) {
            throw invalid("Awareness (awareAt) cannot be before the breach started (startedAt).");
        }
        if (incident.dataCategories() == null || incident.dataCategories().isEmpty()
                || incident.dataCategories().stream().anyMatch(c -> c == null || !CODE.matcher(c).matches())) {
            throw invalid("Name the data categories involved, as codes (e.g. name, attendance).");
        }
        if (isNegative(incident.approximateSubjects()) || isNegative(incident.approximateRecords())) {
            throw invalid("Approximate numbers cannot be negative.");
        }
        if (incident.details() == null) {
            throw invalid("Say what happened.");
        }
        requireText(incident.details().whatHappened(), "whatHappened", false);
        optionalText(incident.details().containment(), "containment");
        optionalText(incident.details().risk(), "risk");
    }

    private static boolean isNegative(Integer value) {
        return value != null && value < 0;
    }

    private static void optionalText(String value, String field) {
        if (value != null && value.length() > MAX_TEXT) {
            throw invalid(field + " must be at most " + MAX_TEXT + " characters.");
        }
    }

    /** {@code decision}: refused as an invalid decision rather than an invalid incident. */
    private static String requireText(String value, String field, boolean decision) {
        if (value == null || value.isBlank() || value.length() > MAX_TEXT) {
            String detail = field + " is required, at most " + MAX_TEXT + " characters.";
            throw decision ? ProblemException.badRequest("invalid-breach-decision", detail)
                    : ProblemException.badRequest("invalid-breach", detail);
        }
        return value.strip();
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid-breach", detail);
    }

    static ProblemException notFound() {
        return ProblemException.notFound("breach-not-found", "There is no breach incident with that id.");
    }

    static ProblemException noticeNotFound() {
        return ProblemException.notFound("breach-notice-not-found", "Your school has no breach notice with that id.");
    }
}
