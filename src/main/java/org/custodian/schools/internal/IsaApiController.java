package org.custodian.schools.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.IsaAcceptance;
import org.custodian.schools.IsaStatus;
import org.custodian.schools.IsaVersion;
import org.custodian.web.ProblemException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.ClientAddress;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class IsaApiController {

    private final InformationSharingAgreements agreements;

    IsaApiController(InformationSharingAgreements agreements) {
        this.agreements = agreements;
    }

    @PostMapping("/isa-versions")
    @ApiResponse(responseCode = "201", description = "Published")
    @RequiresPermission(Permission.AGREEMENTS_PUBLISH)
    ResponseEntity<IsaVersion> publish(@RequestBody PublishRequest request, @AuthenticationPrincipal CustodianUser actor) {
        return ResponseEntity.status(HttpStatus.CREATED).body(agreements.publish(request.title(), request.body(), actor));
    }

    @GetMapping("/isa-versions/current")
    @RequiresPermission(Permission.OWN_ACCOUNT)
    IsaVersion current() {
        return agreements.current().orElseThrow(() -> ProblemException.notFound("isa-not-published",
                "No Information Sharing Agreement has been published yet."));
    }

    @GetMapping("/schools/{schoolId}/isa")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    StatusView status(@PathVariable UUID schoolId, @AuthenticationPrincipal CustodianUser actor) {
        return StatusView.of(agreements.status(schoolId, actor));
    }

    @PostMapping("/schools/{schoolId}/isa-acceptances")
    @ApiResponse(responseCode = "201", description = "Accepted and recorded")
    @RequiresPermission(Permission.AGREEMENT_ACCEPT)
    ResponseEntity<AcceptanceView> accept(@PathVariable UUID schoolId, @RequestBody AcceptRequest request,
                                          @AuthenticationPrincipal CustodianUser actor, HttpServletRequest http) {
        IsaAcceptance acceptance = agreements.accept(schoolId, request.contentHash(), request.signerName(),
                request.signerRole(), ClientAddress.of(http), actor);
        return ResponseEntity.status(HttpStatus.CREATED).body(AcceptanceView.of(acceptance));
    }

    @GetMapping("/schools/{schoolId}/isa-acceptances")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    List<AcceptanceView> acceptances(@PathVariable UUID schoolId, @AuthenticationPrincipal CustodianUser actor) {
        return agreements.acceptances(schoolId, actor).stream().map(AcceptanceView::of).toList();
    }

    @GetMapping("/schools/{schoolId}/isa-acceptances/{acceptanceId}/receipt")
    @ApiResponse(responseCode = "200", description = "The receipt as text",
            content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    @RequiresPermission(Permission.SCHOOL_VIEW)
    ResponseEntity<String> receipt(@PathVariable UUID schoolId, @PathVariable UUID acceptanceId,
                                   @AuthenticationPrincipal CustodianUser actor) {
        return receiptDownload(agreements, agreements.acceptance(schoolId, acceptanceId, actor));
    }

    static ResponseEntity<String> receiptDownload(InformationSharingAgreements agreements, IsaAcceptance acceptance) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("isa-receipt-" + acceptance.id() + ".txt").build().toString())
                .body(agreements.receipt(acceptance));
    }

    record PublishRequest(String title, String body) {
    }

    record AcceptRequest(String contentHash, String signerName, String signerRole) {

        @Override
        public String toString() {
            return "AcceptRequest[redacted]";
        }
    }

    record AcceptanceView(UUID id, UUID schoolId, int version, String contentHash, UUID acceptedBy,
                          String signerName, String signerRole, Instant acceptedAt, String sourceIp) {

        static AcceptanceView of(IsaAcceptance a) {
            return new AcceptanceView(a.id(), a.schoolId(), a.version(), a.contentHash(), a.acceptedBy(),
                    a.signerName().value(), a.signerRole(), a.acceptedAt(), a.sourceIp());
        }

        @Override
        public String toString() {
            return "AcceptanceView[id=" + id + ", version=" + version + "]";
        }
    }

    record StatusView(Integer currentVersion, String currentContentHash, Integer acceptedVersion,
                      boolean acceptedCurrent, Instant graceEndsAt, boolean permitsProcessing) {

        static StatusView of(IsaStatus status) {
            return new StatusView(
                    status.current() == null ? null : status.current().version(),
                    status.current() == null ? null : status.current().contentHash(),
                    status.accepted() == null ? null : status.accepted().version(),
                    status.acceptedCurrent(), status.graceEndsAt(), status.permitsProcessing());
        }
    }
}
