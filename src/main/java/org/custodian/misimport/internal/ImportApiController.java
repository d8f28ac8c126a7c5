package org.custodian.misimport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresEitherPermission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.custodian.web.ClientAddress;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * MIS imports for data managers and MIS partners (API token, scope {@code import}): upload a CTF or
 * CSV ({@code multipart/form-data}, part {@code file}; for a CSV optionally {@code full} and
 * {@code referenceDate}, the day it was exported) to get a preview job; poll it; commit or
 * discard it; download its report (no personal values). Purpose is always {@code DATA_MANAGEMENT}.
 */
@RestController
@RequestMapping("/api/v1/imports")
class ImportApiController {

    private final ImportJobs jobs;

    ImportApiController(ImportJobs jobs) {
        this.jobs = jobs;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a file to import")
    @ApiResponse(responseCode = "202", description = "Accepted: the file is checked in the background; poll the import until its preview is ready",
            headers = @Header(name = "Location", description = "The import.", schema = @Schema(type = "string", format = "uri-reference")))
    @RequiresPermission(Permission.PUPIL_IMPORT)
    ResponseEntity<ImportJob> upload(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request,
                                     @RequestParam(value = "file", required = false) MultipartFile file,
                                     @RequestParam(defaultValue = "false") boolean full,
                                     @RequestParam(defaultValue = "false") boolean overrideSchoolCheck,
                                     @RequestParam(required = false) String referenceDate) {
        if (file == null) {
            throw ProblemException.badRequest("file-required", "Send the file as the multipart part named 'file'.");
        }
        java.time.LocalDate reference = ImportJobs.referenceDate(referenceDate);
        UUID id;
        try (InputStream content = file.getInputStream()) {
            id = jobs.upload(caller(user, request), content, file.getOriginalFilename(), full, overrideSchoolCheck, reference);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.accepted().location(URI.create("/api/v1/imports/" + id))
                .body(jobs.find(user.ownSchoolId(), id).orElseThrow());
    }

    @GetMapping
    @RequiresEitherPermission(value = Permission.PUPIL_IMPORT, or = Permission.IMPORTS_VIEW)
    List<ImportJob> history(@AuthenticationPrincipal CustodianUser user) {
        return jobs.history(user.ownSchoolId(), 100);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read an import (poll it until its preview or commit is done)")
    @RequiresEitherPermission(value = Permission.PUPIL_IMPORT, or = Permission.IMPORTS_VIEW)
    ImportJob status(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return jobs.find(user.ownSchoolId(), id).orElseThrow(ImportJobs::notFound);
    }

    @PostMapping("/{id}/commit")
    @Operation(summary = "Commit a previewed import")
    @ApiResponse(responseCode = "202", description = "Accepted: the import is applied in the background; poll it until it is done")
    @RequiresPermission(Permission.PUPIL_IMPORT)
    ResponseEntity<ImportJob> commit(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request,
                                     @PathVariable UUID id) {
        jobs.commit(caller(user, request), id);
        return ResponseEntity.accepted().body(jobs.find(user.ownSchoolId(), id).orElseThrow());
    }

    @PostMapping("/{id}/discard")
    @Operation(summary = "Discard a previewed import")
    @ApiResponse(responseCode = "204", description = "Discarded")
    @RequiresPermission(Permission.PUPIL_IMPORT)
    ResponseEntity<Void> discard(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        jobs.discard(user, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(value = "/{id}/report.csv", produces = "text/csv")
    @Operation(summary = "The import's report as CSV")
    @RequiresEitherPermission(value = Permission.PUPIL_IMPORT, or = Permission.IMPORTS_VIEW)
    ResponseEntity<String> report(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return reportResponse(jobs.find(user.ownSchoolId(), id).orElseThrow(ImportJobs::notFound));
    }

    static ResponseEntity<String> reportResponse(ImportJob job) {
        UUID id = job.id();
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"import-" + id + "-report.csv\"")
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(ImportReportCsv.of(job));
    }

    static ImportJobs.Caller caller(CustodianUser user, HttpServletRequest request) {
        return new ImportJobs.Caller(user, RequestIds.of(request), ClientAddress.of(request));
    }
}
