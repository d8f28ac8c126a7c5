package org.custodian.breaches.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import org.custodian.accesslog.ActorAccesses;
import org.custodian.breaches.internal.BreachRegister.AffectedSchool;
import org.custodian.breaches.internal.BreachRegister.Detail;
import org.custodian.breaches.internal.BreachRegister.Incident;
import org.custodian.breaches.internal.BreachRegister.Notice;
import org.custodian.breaches.internal.BreachRegister.Scope;
import org.custodian.identity.CustodianUser;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * A draft of the ICO's personal data breach report for one school (the controller), filled with
 * what the register knows and the school's own counts from the access log; the sections only the
 * school can answer are left for it. Made on request, never stored.
 */
@Component
class IcoReport {

    private final BreachRegister register;
    private final ActorAccesses accesses;
    private final Schools schools;

    IcoReport(BreachRegister register, ActorAccesses accesses, Schools schools) {
        this.register = register;
        this.accesses = accesses;
        this.schools = schools;
    }

    byte[] forSchool(CustodianUser user, UUID incidentId) {
        register.notice(user, incidentId);
        return render(incidentId, user.ownSchoolId());
    }

    byte[] forPlatform(UUID incidentId, UUID schoolId) {
        return render(incidentId, schoolId);
    }

    static ResponseEntity<byte[]> response(byte[] pdf) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename("ico-breach-report-draft.pdf").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(pdf);
    }

    private byte[] render(UUID incidentId, UUID schoolId) {
        Detail detail = register.detail(incidentId);
        School school = schools.forSystem(schoolId).orElseThrow(BreachRegister::noticeNotFound);
        long entries = 0;
        Set<UUID> pupils = new LinkedHashSet<>();
        for (Scope scope : detail.scopes()) {
            for (AffectedSchool affected : scope.schools()) {
                if (affected.schoolId().equals(schoolId)) {
                    entries += affected.entries();
                    pupils.addAll(accesses.pupils(schoolId, new ActorAccesses.Window(scope.actorId(), scope.sourceIp(),
                            scope.from(), scope.to())));
                }
            }
        }
        if (entries == 0) {
            throw BreachRegister.noticeNotFound();
        }
        Incident incident = detail.incident();
        Notice notice = detail.notices().stream().filter(n -> n.schoolId().equals(schoolId)).findFirst().orElse(null);
        String html = """
                <html><head><style>
                body { font-family: sans-serif; font-size: 10pt; }
                table { border-collapse: collapse; width: 100%%; }
                td, th { border: 1px solid #999; padding: 4px; text-align: left; vertical-align: top; }
                th { width: 35%%; }
                </style></head><body>
                <h1>Personal data breach report (draft)</h1>
                <p>Drafted by Custodian for the school to check, complete and file with the ICO. Sections marked
                "to complete" are for the school as controller.</p>
                <h2>About the organisation</h2>
                <table>
                <tr><th>Controller</th><td>%s (URN %s, DfE %s)</td></tr>
                <tr><th>Data protection officer / contact</th><td>To complete</td></tr>
                <tr><th>Processor involved</th><td>Custodian (pupil records platform); told the school on %s</td></tr>
                </table>
                <h2>About the breach</h2>
                <table>
                <tr><th>Reference</th><td>%s</td></tr>
                <tr><th>Kind of breach</th><td>%s</td></tr>
                <tr><th>What happened</th><td>%s</td></tr>
                <tr><th>When the breach started</th><td>%s</td></tr>
                <tr><th>When the processor became aware</th><td>%s</td></tr>
                <tr><th>Report within 72 hours of awareness, by</th><td>%s (72 elapsed hours)</td></tr>
                <tr><th>How the breach was discovered, and when the school became aware</th><td>To complete</td></tr>
                <tr><th>Reasons for any delay in reporting</th><td>To complete</td></tr>
                </table>
                <h2>Personal data placed at risk</h2>
                <table>
                <tr><th>Categories of personal data</th><td>%s</td></tr>
                <tr><th>Pupils of this school affected (from the access log)</th><td>%d</td></tr>
                <tr><th>Records affected (access-log entries)</th><td>%d</td></tr>
                <tr><th>Special category or criminal offence data</th><td>To complete</td></tr>
                <tr><th>Potential consequences for the people affected</th><td>%s</td></tr>
                </table>
                <h2>Containment and recovery</h2>
                <table>
                <tr><th>Actions taken to contain the breach</th><td>%s</td></tr>
                <tr><th>Have the people affected been told?</th><td>To complete</td></tr>
                <tr><th>Other organisations told (police, other regulators)</th><td>To complete</td></tr>
                </table>
                </body></html>""".formatted(esc(school.name()), esc(school.urn()), esc(school.dfeNumber()),
                notice == null ? "(not yet)" : esc(BreachTimes.shown(notice.sentAt())),
                incident.id(), esc(incident.category().name().toLowerCase(java.util.Locale.ROOT)),
                esc(incident.details().whatHappened()), esc(BreachTimes.shown(incident.startedAt())),
                esc(BreachTimes.shown(incident.awareAt())), esc(BreachTimes.shown(incident.reportBy())),
                esc(String.join(", ", incident.dataCategories())), pupils.size(), entries,
                esc(orToComplete(incident.details().risk())), esc(orToComplete(incident.details().containment())));
        try (var out = new ByteArrayOutputStream()) {
            new PdfRendererBuilder().useFastMode().withHtmlContent(html, null).toStream(out).run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Could not render the report", e);
        }
    }

    private static String orToComplete(String value) {
        return value == null || value.isBlank() ? "To complete" : value;
    }

    private static String esc(String value) {
        return HtmlUtils.htmlEscape(value == null ? "" : value);
    }
}
