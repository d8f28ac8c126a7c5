package org.custodian.pupils.internal;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.pupils.PupilRecords.PupilPage;
import org.custodian.pupils.PupilRecords.PupilSearch;
import org.custodian.pupils.PupilRecords.WriteResult;
import org.custodian.web.CsvCells;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pupil records over JSON. Every call names its purpose in {@code Custodian-Purpose} and, where the
 * rules need one, a reason in {@code Custodian-Reason}; reads return an ETag (the record's version)
 * and changes need it back in {@code If-Match}, so two editors never overwrite each other unseen.
 */
@RestController
@RequestMapping("/api/v1/pupils")
class PupilApiController {

    /** How many pupils an export left out because their data is restricted or they objected to its purpose. */
    static final String WITHHELD = "Custodian-Withheld-Pupils";

    private final PupilRecords pupils;
    private final org.custodian.pupils.SubjectRestrictions restrictions;
    private final org.custodian.pupils.PupilErasureRequests erasures;

    PupilApiController(PupilRecords pupils, org.custodian.pupils.SubjectRestrictions restrictions,
                       org.custodian.pupils.PupilErasureRequests erasures) {
        this.pupils = pupils;
        this.restrictions = restrictions;
        this.erasures = erasures;
    }

    /** A page of pupils, mandatory fields only. */
    @GetMapping
    @RequiresPermission(Permission.PUPIL_DATA)
    PupilPage list(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request,
                   @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "0") int size) {
        return pupils.search(AccessHeaders.context(user, request), new PupilSearch(null, null, page, size));
    }

    /** Search by UPN or name. A POST, so that names and UPNs never appear in URLs (or the logs that keep them). */
    @PostMapping("/search")
    @RequiresPermission(Permission.PUPIL_DATA)
    PupilPage search(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request,
                     @RequestBody SearchRequest search) {
        return pupils.search(AccessHeaders.context(user, request), new PupilSearch(search.upn(), search.name(),
                search.page() == null ? 0 : search.page(), search.size() == null ? 0 : search.size()));
    }

    /** Page and size may be left out (first page, default size). */
    record SearchRequest(String upn, String name, Integer page, Integer size) {
        @Override
        public String toString() {
            return "SearchRequest[page=" + page + ", size=" + size + "]";
        }
    }

    /**
     * Every pupil's mandatory fields as CSV (a bulk export: needs a reason). Cells a spreadsheet
     * would run as formulas are neutralised. Pupils whose data is restricted, or who objected to the
     * purpose, are left out; header {@code Custodian-Withheld-Pupils} says how many.
     */
    @GetMapping(value = "/export", produces = "text/csv")
    @RequiresPermission(Permission.PUPIL_DATA)
    ResponseEntity<String> export(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request) {
        StringBuilder csv = new StringBuilder(CsvCells.row(List.of("UPN", "Forename", "Surname", "Date of birth",
                "Admission number", "Sex", "NC year", "Registration group", "Classes")));
        AccessContext context = AccessHeaders.context(user, request);
        for (PupilRecord pupil : pupils.export(context)) {
            csv.append(CsvCells.row(Arrays.asList(pupil.upn(), pupil.forename(), pupil.surname(),
                    pupil.dateOfBirth().toString(), pupil.admissionNumber(), pupil.sex().name(), pupil.ncYear(),
                    pupil.registrationGroup(), pupil.classes().stream().filter(c -> c.kind().equals("TEACHING"))
                            .map(PupilRecord.SchoolClass::code).collect(java.util.stream.Collectors.joining("; ")))));
        }
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"pupils.csv\"")
                .header("Cache-Control", "no-store")
                .header(WITHHELD, Long.toString(restrictions.withheldFromExport(user, context.purpose())))
                .contentType(org.springframework.http.MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .body(csv.toString());
    }

    /** {@code categories} lists optional categories to include (or {@code all}); they need a reason. */
    @GetMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "The pupil record",
            headers = @Header(name = "ETag", description = "The record's version: send it back in If-Match to change the record.", schema = @Schema(type = "string")))
    @RequiresPermission(Permission.PUPIL_DATA)
    ResponseEntity<PupilRecord> read(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request,
                                     @PathVariable UUID id, @RequestParam(required = false) String categories) {
        PupilRecord record = pupils.read(AccessHeaders.context(user, request), id, categories(categories));
        return ResponseEntity.ok().eTag(etag(record.version())).body(record);
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Created",
            headers = {@Header(name = "Location", description = "The new pupil record.", schema = @Schema(type = "string", format = "uri-reference")),
            @Header(name = "ETag", description = "The record's version: send it back in If-Match to change the record.", schema = @Schema(type = "string"))})
    @RequiresPermission(Permission.PUPIL_DATA)
    ResponseEntity<WriteResult> create(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request,
                                       @RequestBody PupilData data) {
        WriteResult result = pupils.create(AccessHeaders.context(user, request), data);
        return ResponseEntity.created(URI.create("/api/v1/pupils/" + result.id())).eTag(etag(result.version()))
                .body(result);
    }

    @PutMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "Changed",
            headers = @Header(name = "ETag", description = "The record's version: send it back in If-Match to change the record.", schema = @Schema(type = "string")))
    @RequiresPermission(Permission.PUPIL_DATA)
    ResponseEntity<WriteResult> update(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request,
                                       @PathVariable UUID id,
                                       @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                       @RequestBody PupilData data) {
        WriteResult result = pupils.update(AccessHeaders.context(user, request), id, version(ifMatch), data);
        return ResponseEntity.ok().eTag(etag(result.version())).body(result);
    }

    /**
     * Requests the pupil's erasure (needs a reason): {@code 202} with the pending erasure in
     * {@code Location}, which a second person (school admin or DPO) confirms; {@code 204} when the
     * school has switched the two-person rule off and the pupil is erased now (data key shredded,
     * record deleted).
     */
    @DeleteMapping("/{id}")
    @ApiResponse(responseCode = "202", description = "Erasure requested: a second person confirms it (two-person rule)",
            headers = @Header(name = "Location", description = "The pending erasure.", schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "204", description = "Erased now (the school has switched the two-person rule off)")
    @RequiresPermission(Permission.PUPIL_DATA)
    ResponseEntity<Void> erase(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request,
                               @PathVariable UUID id) {
        org.custodian.pupils.PupilErasureRequests.Requested requested =
                erasures.request(AccessHeaders.context(user, request), id);
        if (requested.pending()) {
            return ResponseEntity.accepted().location(URI.create("/api/v1/erasures/" + requested.erasureId())).build();
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * The DPO re-admits a pupil erased earlier (purpose {@code READMISSION} and a reason in the
     * headers; the UPN in the body, never in the URL), so the next create or import of the UPN succeeds.
     */
    @PostMapping("/readmissions")
    @ApiResponse(responseCode = "204", description = "Re-admitted")
    @RequiresPermission(Permission.PUPIL_READMIT)
    ResponseEntity<Void> readmit(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request,
                                 @RequestBody ReadmissionRequest readmission) {
        pupils.readmit(AccessHeaders.context(user, request), readmission.upn());
        return ResponseEntity.noContent().build();
    }

    record ReadmissionRequest(String upn) {
        @Override
        public String toString() {
            return "ReadmissionRequest[redacted]";
        }
    }

    static Set<OptionalCategory> categories(String requested) {
        if (requested == null || requested.isBlank()) {
            return Set.of();
        }
        if (requested.strip().equalsIgnoreCase("all")) {
            return EnumSet.allOf(OptionalCategory.class);
        }
        Set<OptionalCategory> categories = EnumSet.noneOf(OptionalCategory.class);
        for (String name : Arrays.stream(requested.split(",")).map(String::strip).toList()) {
            try {
                categories.add(OptionalCategory.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("unknown-category", "There is no optional category of that name.");
            }
        }
        return categories;
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(HttpStatus.PRECONDITION_REQUIRED, "if-match-required",
                    "Send the ETag of the record you read in If-Match, so a newer change is not overwritten.");
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        try {
            return Long.parseLong(tag.replace("\"", ""));
        } catch (NumberFormatException e) {
            throw new ProblemException(HttpStatus.PRECONDITION_FAILED, "version-mismatch",
                    "That ETag does not match the record. Read it again, then make your change.");
        }
    }
}
