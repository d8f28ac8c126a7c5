package org.custodian.retention.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.retention.DeletionCertificates;
import org.custodian.retention.RetentionCategory;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sweeps over the API: the preview of the next sweep (counts per category, never a value), the
 * school's choice of automatic deletion or DPO approval, the DPO's approval of a preview, and the
 * deletion certificates as signed JSON and as PDF. The school is always the user's own.
 */
@RestController
@RequestMapping("/api/v1/retention")
class SweepApiController {

    private final RetentionSweeps sweeps;
    private final DeletionCertificates certificates;

    SweepApiController(RetentionSweeps sweeps, DeletionCertificates certificates) {
        this.sweeps = sweeps;
        this.certificates = certificates;
    }

    @org.custodian.privacy.NoPersonalData("a preview's counts per category and the code's own notes; no record's values")
    record CategoryView(String category, String records, String trigger, String period, long count, boolean held,
                        boolean swept, String note) {
    }

    record PreviewView(UUID id, Instant madeAt, List<CategoryView> categories, UUID approvedBy, Instant approvedAt) {
    }

    record ModeBody(Boolean approvalRequired) {
    }

    record ModeView(boolean approvalRequired, UUID changedBy, Instant changedAt) {
    }

    record CertificateView(UUID id, String kind, Instant issuedAt, String json, String pdf) {
    }

    /** Works out (and keeps, so the DPO can approve it) what the next sweep would delete. */
    @GetMapping("/preview")
    @RequiresPermission(Permission.RETENTION_VIEW)
    PreviewView preview(@AuthenticationPrincipal CustodianUser user) {
        return view(sweeps.preview(user.ownSchoolId()));
    }

    @GetMapping("/previews/{id}")
    @RequiresPermission(Permission.RETENTION_VIEW)
    PreviewView preview(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return sweeps.findPreview(user.ownSchoolId(), id).map(SweepApiController::view)
                .orElseThrow(() -> ProblemException.notFound("preview-not-found", "There is no such preview at your school."));
    }

    /** The DPO approves a preview ({@code stale-preview} if it no longer matches the school's records or rules). */
    @PostMapping("/previews/{id}/approval")
    @RequiresPermission(Permission.RETENTION_APPROVE)
    PreviewView approve(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return view(sweeps.approve(user, id));
    }

    @GetMapping("/sweep-mode")
    @RequiresPermission(Permission.RETENTION_VIEW)
    ModeView mode(@AuthenticationPrincipal CustodianUser user) {
        var mode = sweeps.mode(user.ownSchoolId());
        return new ModeView(mode.approvalRequired(), mode.changedBy(), mode.changedAt());
    }

    @PutMapping("/sweep-mode")
    @RequiresPermission(Permission.RETENTION_CHOOSE)
    ModeView chooseMode(@AuthenticationPrincipal CustodianUser user, @RequestBody ModeBody body) {
        if (body == null || body.approvalRequired() == null) {
            throw ProblemException.badRequest("invalid-sweep-mode", "Say whether sweeps wait for the DPO's approval (approvalRequired).");
        }
        sweeps.chooseMode(user, body.approvalRequired());
        return mode(user);
    }

    @GetMapping("/certificates")
    @RequiresPermission(Permission.RETENTION_VIEW)
    List<CertificateView> certificates(@AuthenticationPrincipal CustodianUser user) {
        return certificates.list(user.ownSchoolId()).stream().map(c -> new CertificateView(c.id(), c.kind().name(),
                c.issuedAt(), "/api/v1/retention/certificates/" + c.id() + ".json",
                "/api/v1/retention/certificates/" + c.id() + ".pdf")).toList();
    }

    @GetMapping("/certificates/{id}.json")
    @ApiResponse(responseCode = "200", description = "The certificate as a JSON file",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @RequiresPermission(Permission.RETENTION_VIEW)
    ResponseEntity<String> json(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        var certificate = find(user, id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"deletion-certificate-" + id + ".json\"")
                .body(JdbcDeletionCertificates.download(certificate));
    }

    @GetMapping("/certificates/{id}.pdf")
    @ApiResponse(responseCode = "200", description = "The certificate as PDF",
            content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")))
    @RequiresPermission(Permission.RETENTION_VIEW)
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        var certificate = find(user, id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"deletion-certificate-" + id + ".pdf\"")
                .body(JdbcDeletionCertificates.pdf(certificate));
    }

    private DeletionCertificates.Certificate find(CustodianUser user, UUID id) {
        return certificates.find(user.ownSchoolId(), id).orElseThrow(() ->
                ProblemException.notFound("certificate-not-found", "There is no such deletion certificate at your school."));
    }

    static PreviewView view(RetentionSweeps.Preview preview) {
        return new PreviewView(preview.id(), preview.madeAt(), preview.entries().stream().map(e -> new CategoryView(
                e.category(), RetentionCategory.valueOf(e.category()).records(), e.trigger(), e.period(), e.count(),
                e.held(), e.swept(), e.note())).toList(), preview.approvedBy(), preview.approvedAt());
    }
}
