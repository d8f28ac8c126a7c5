package org.custodian.rights.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.rights.internal.AccessBundleStore.Bundle;
import org.custodian.rights.internal.AccessBundles.Released;
import org.custodian.web.ClientAddress;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A request's access or portability bundle: build, review (withhold items with an exemption),
 * release (optionally with a one-time link for the requester), download. Refusals log one WARN line
 * with their code, never a value.
 */
@RestController
@RequestMapping("/api/v1/rights-requests/{id}/bundle")
@RequiresPermission(Permission.RIGHTS_REQUESTS)
class AccessBundleApiController {

    private static final Logger log = LoggerFactory.getLogger(AccessBundleApiController.class);

    private final AccessBundles bundles;

    AccessBundleApiController(AccessBundles bundles) {
        this.bundles = bundles;
    }

    record ItemView(int position, String name, boolean withheld, String exemption) {
        @Override
        public String toString() {
            return "ItemView[position=" + position + ", withheld=" + withheld + "]";
        }
    }

    record BundleView(UUID id, UUID requestId, Instant builtAt, UUID builtBy, boolean reviewed, Instant reviewedAt,
                      UUID reviewedBy, boolean released, Instant releasedAt, UUID releasedBy, List<ItemView> items) {
    }

    /** One item withheld: its position and the exemption relied on (e.g. third-party data). */
    record Withhold(Integer position, String exemption) {
        @Override
        public String toString() {
            return "Withhold[redacted]";
        }
    }

    /** The review: the items to withhold (none means every item is released). */
    record ReviewBody(List<Withhold> withhold) {
    }

    record ReleaseBody(Boolean link) {
    }

    /** The release; {@code link} and {@code passcode} are shown this once and never stored in the clear. */
    record ReleasedView(BundleView bundle, String link, String passcode, Instant linkExpiresAt) {
        @Override
        public String toString() {
            return "ReleasedView[redacted]";
        }
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Built")
    @Operation(summary = "Build the bundle", description = "Reads the pupil's record (every field and category) under "
            + "SUBJECT_RIGHTS_REQUEST and their access history with inclusion proofs; stores the files encrypted, unreviewed.")
    ResponseEntity<BundleView> build(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                                     HttpServletRequest http) {
        Bundle bundle = refusing(() -> bundles.build(user, id, RequestIds.of(http), ClientAddress.of(http)));
        return ResponseEntity.status(201).body(view(bundle));
    }

    @GetMapping
    @Operation(summary = "The latest bundle and its items")
    BundleView get(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return view(refusing(() -> bundles.get(user, id)));
    }

    @PostMapping("/review")
    @Operation(summary = "Review the bundle", description = "Withholds the items named, each with its exemption; "
            + "every other item is included. Marks the bundle reviewed.")
    BundleView review(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, @RequestBody ReviewBody body) {
        Map<Integer, String> withheld = refusing(() -> validate(body));
        return view(refusing(() -> bundles.review(user, id, withheld)));
    }

    @PostMapping("/release")
    @Operation(summary = "Release the reviewed bundle", description = "Refused with bundle-not-reviewed before a review. "
            + "Logged in the access log and the request's timeline. With {\"link\": true}, also a one-time download "
            + "link (7 days) and its passcode, shown only in this answer.")
    ReleasedView release(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                         @RequestBody(required = false) ReleaseBody body, HttpServletRequest http) {
        boolean link = body != null && Boolean.TRUE.equals(body.link());
        Released released = refusing(() -> bundles.release(user, id, link, RequestIds.of(http), ClientAddress.of(http)));
        return new ReleasedView(view(released.bundle()), released.link() == null ? null : released.link().path(),
                released.link() == null ? null : released.link().passcode(),
                released.link() == null ? null : released.link().expiresAt());
    }

    @GetMapping("/download")
    @ApiResponse(responseCode = "200", description = "The bundle",
            content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")))
    @Operation(summary = "The released bundle as a ZIP", description = "Withheld items are left out.")
    ResponseEntity<byte[]> download(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        byte[] zip = refusing(() -> bundles.download(user, id));
        return zipResponse(zip, "bundle-" + id + ".zip");
    }

    static ResponseEntity<byte[]> zipResponse(byte[] zip, String name) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(zip);
    }

    static Map<Integer, String> validate(ReviewBody body) {
        Map<Integer, String> withheld = new HashMap<>();
        List<Map<String, String>> errors = new ArrayList<>();
        List<Withhold> items = body == null || body.withhold() == null ? List.of() : body.withhold();
        for (Withhold item : items) {
            if (item == null || item.position() == null || item.position() < 1) {
                errors.add(Map.of("field", "withhold.position", "code", "required", "message", "Name each item withheld by its position."));
            } else if (item.exemption() == null || item.exemption().isBlank()) {
                errors.add(Map.of("field", "withhold.exemption", "code", "required",
                        "message", "Give the exemption relied on for each item withheld (e.g. third-party data)."));
            } else if (item.exemption().strip().length() > AccessBundles.MAX_EXEMPTION) {
                errors.add(Map.of("field", "withhold.exemption", "code", "invalid-format",
                        "message", "An exemption is at most " + AccessBundles.MAX_EXEMPTION + " characters."));
            } else {
                withheld.put(item.position(), item.exemption().strip());
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(org.springframework.http.HttpStatus.BAD_REQUEST, "validation-failed",
                    "The review has errors. Nothing was changed.", errors);
        }
        return withheld;
    }

    static BundleView view(Bundle b) {
        return new BundleView(b.id(), b.requestId(), b.builtAt(), b.builtBy(), b.reviewed(), b.reviewedAt(), b.reviewedBy(),
                b.released(), b.releasedAt(), b.releasedBy(), b.items().stream()
                .map(i -> new ItemView(i.position(), i.name(), i.withheld(), i.exemption())).toList());
    }

    private static <T> T refusing(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (ProblemException e) {
            log.warn("Bundle action refused: {}", e.code());
            throw e;
        }
    }
}
