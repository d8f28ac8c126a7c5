package org.custodian.breaches.internal;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.custodian.breaches.internal.BreachRegister.Category;
import org.custodian.breaches.internal.BreachRegister.Detail;
import org.custodian.breaches.internal.BreachRegister.Details;
import org.custodian.breaches.internal.BreachRegister.NewIncident;
import org.custodian.breaches.internal.BreachRegister.Scope;
import org.custodian.breaches.internal.BreachRegister.ScopeKind;
import org.custodian.breaches.internal.BreachRegister.Summary;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.ProblemException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platform's breach register: incidents, their clock, timeline, decisions, scopes and notices. */
@RestController
@RequestMapping("/api/v1/platform/breaches")
@RequiresPermission(Permission.BREACHES_MANAGE)
@Tag(name = "Breach register", description = "Personal data breaches, the 72-hour clock and notices to schools")
class BreachApiController {

    private final BreachRegister register;
    private final IcoReport icoReport;

    BreachApiController(BreachRegister register, IcoReport icoReport) {
        this.register = register;
        this.icoReport = icoReport;
    }

    /** Times as ISO-8601 with an offset, or local date-times read as UK time. */
    record IncidentBody(String category, String startedAt, String awareAt, List<String> dataCategories,
                        Integer approximateSubjects, Integer approximateRecords, String whatHappened,
                        String containment, String risk) {
        @Override
        public String toString() {
            return "IncidentBody[redacted]";
        }
    }

    record Recorded(UUID id, java.time.Instant reportBy) {
    }

    record NoteBody(String note) {
        @Override
        public String toString() {
            return "NoteBody[redacted]";
        }
    }

    record DecisionBody(Boolean reportToIco, Boolean tellSubjects, String reasons, String delayReasons) {
        @Override
        public String toString() {
            return "DecisionBody[reportToIco=" + reportToIco + "]";
        }
    }

    record ScopeBody(String kind, String actorId, String sourceIp, String from, String to) {
        @Override
        public String toString() {
            return "ScopeBody[kind=" + kind + "]";
        }
    }

    record Notified(List<UUID> schools) {
    }

    @PostMapping
    @Operation(summary = "Record an incident", description = "Problem invalid-breach for awareness in the future or"
            + " before the start, or a missing field; nothing is recorded.")
    ResponseEntity<Recorded> record(@AuthenticationPrincipal CustodianUser user, @RequestBody IncidentBody body) {
        UUID id = register.record(user, incident(body));
        return ResponseEntity.created(URI.create("/api/v1/platform/breaches/" + id))
                .body(new Recorded(id, register.detail(id).incident().reportBy()));
    }

    @GetMapping
    @Operation(summary = "The dashboard: every incident with its deadline and the minutes left")
    List<Summary> dashboard() {
        return register.dashboard();
    }

    @GetMapping("/{id}")
    @Operation(summary = "An incident with its timeline, scopes and notices")
    Detail detail(@PathVariable UUID id) {
        return register.detail(id);
    }

    @PostMapping("/{id}/notes")
    @Operation(summary = "Add a note to the timeline")
    ResponseEntity<Void> note(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                              @RequestBody NoteBody body) {
        register.note(user, id, body == null ? null : body.note());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/decisions")
    @Operation(summary = "Record the decision to report to the ICO or not, with reasons",
            description = "Problem invalid-breach-decision without reasons, or for a report decided after 72 hours"
                    + " without delayReasons.")
    ResponseEntity<Void> decide(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                                @RequestBody DecisionBody body) {
        if (body == null) {
            throw ProblemException.badRequest("malformed-request", "The request body is missing.");
        }
        register.decide(user, id, body.reportToIco(), body.tellSubjects(), body.reasons(), body.delayReasons());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/scopes")
    @Operation(summary = "Scope the incident to what an account, session or API token saw in a window",
            description = "Counts the entries and distinct pupils per school from the access log.")
    Scope scope(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, @RequestBody ScopeBody body) {
        if (body == null) {
            throw ProblemException.badRequest("malformed-request", "The request body is missing.");
        }
        ScopeKind kind;
        UUID actor;
        try {
            kind = ScopeKind.valueOf(String.valueOf(body.kind()));
            actor = UUID.fromString(String.valueOf(body.actorId()).strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-breach-scope", "kind must be ACCOUNT, SESSION or API_TOKEN and"
                    + " actorId the account's or token's id.");
        }
        return register.scope(user, id, kind, actor, body.sourceIp(),
                BreachTimes.parse(body.from(), "from", true),
                BreachTimes.parse(body.to(), "to", true));
    }

    @PostMapping("/{id}/notices")
    @Operation(summary = "Notify every school a scope reached that has not been notified yet")
    Notified notify(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return new Notified(register.sendNotices(user, id));
    }

    @GetMapping("/{id}/schools/{schoolId}/ico-report.pdf")
    @Operation(summary = "The draft ICO report for one school the incident reached")
    ResponseEntity<byte[]> report(@PathVariable UUID id, @PathVariable UUID schoolId) {
        return IcoReport.response(icoReport.forPlatform(id, schoolId));
    }

    static NewIncident incident(IncidentBody body) {
        if (body == null) {
            throw ProblemException.badRequest("malformed-request", "The request body is missing.");
        }
        Category category;
        try {
            category = body.category() == null ? null : Category.valueOf(body.category().strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-breach", "category must be CONFIDENTIALITY, INTEGRITY or"
                    + " AVAILABILITY.");
        }
        return new NewIncident(category, BreachTimes.parse(body.startedAt(), "startedAt", false),
                BreachTimes.parse(body.awareAt(), "awareAt", false), body.dataCategories(),
                body.approximateSubjects(), body.approximateRecords(),
                new Details(body.whatHappened(), body.containment(), body.risk()));
    }
}
