package org.custodian.accesslog.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.internal.JdbcAccessLogTree.Leaf;
import org.custodian.accesslog.internal.CheckpointStore.Stored;
import org.custodian.accesslog.internal.tree.Ed25519Pem;
import org.custodian.accesslog.internal.tree.MerkleProofs;
import org.custodian.accesslog.internal.tree.SignedNote.VerifierKey;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.privacy.NoPersonalData;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ClientAddress;
import org.custodian.web.ProblemException;
import org.custodian.web.PublicEndpoint;
import org.custodian.web.RequestIds;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The school's access log as a verifiable log (RFC 9162 style), for its admins and DPO: the latest
 * signed checkpoint, inclusion and consistency proofs, and a full export the offline verifier checks.
 * The installation's verifier keys are public. Parameters are checked before any transaction.
 */
@RestController
class AccessLogTransparencyController {

    static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);
    static final MediaType JSON_LINES = new MediaType("application", "x-ndjson", StandardCharsets.UTF_8);
    /** Exporting the log is an access to it: the accountability the log itself serves is a duty in law. */
    static final String EXPORT_PURPOSE = "LEGAL_OBLIGATION";
    static final String EXPORT_REASON = "Export of the school's access log for independent verification";

    private final Tenancy tenancy;
    private final JdbcAccessLogTree tree;
    private final SignedCheckpoints checkpoints;
    private final AccessLog accessLog;
    private final CheckpointStore checkpointStore;

    AccessLogTransparencyController(Tenancy tenancy, JdbcAccessLogTree tree, SignedCheckpoints checkpoints,
                                    AccessLog accessLog, CheckpointStore checkpointStore) {
        this.tenancy = tenancy;
        this.tree = tree;
        this.checkpoints = checkpoints;
        this.accessLog = accessLog;
        this.checkpointStore = checkpointStore;
    }

    /** The latest signed checkpoint: the note as text, or {@code {treeSize, rootHash, note}} when JSON is asked for. */
    @GetMapping("/api/v1/access-log/checkpoint")
    @ApiResponse(responseCode = "200", description = "The latest signed checkpoint",
            content = {@Content(mediaType = "text/plain", schema = @Schema(type = "string")),
            @Content(mediaType = "application/json", schema = @Schema(implementation = CheckpointView.class))})
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    ResponseEntity<?> checkpoint(@AuthenticationPrincipal CustodianUser user,
                                 @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Stored latest = tenancy.inSchool(user.ownSchoolId(), () -> latest(user));
        if (asksForJson(accept)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(new CheckpointView(latest.treeSize(), b64(latest.root()), latest.note()));
        }
        return ResponseEntity.ok().contentType(TEXT).body(latest.note());
    }

    @GetMapping("/api/v1/access-log/proofs/inclusion")
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    InclusionView inclusion(@AuthenticationPrincipal CustodianUser user, @RequestParam long entry,
                            @RequestParam(required = false) Long treeSize) {
        if (entry < 0 || (treeSize != null && treeSize < 1)) {
            throw ProblemException.badRequest("invalid-parameter",
                    "entry is an entry's sequence number (0 or more); treeSize, if given, is at least 1.");
        }
        return tenancy.inSchool(user.ownSchoolId(), () -> {
            Stored latest = latest(user);
            long size = withinLatest(treeSize == null ? latest.treeSize() : treeSize, latest);
            Leaf leaf = tree.leafOf(user.ownSchoolId(), entry).orElseThrow(() -> ProblemException.notFound(
                    "access-log-entry-not-in-tree",
                    "This entry is not in the school's tree: there is no such entry, or it is not integrated yet (give it a second)."));
            if (leaf.position() >= size) {
                throw ProblemException.conflict("access-log-entry-beyond-tree-size",
                        "This entry was integrated after the tree size asked for: ask for a larger tree.");
            }
            MerkleProofs.InclusionProof proof = MerkleProofs.inclusion(leaf.position(), size, tree.storedHashes(user.ownSchoolId()));
            return new InclusionView(entry, proof.leafIndex(), proof.treeSize(), b64(leaf.leafHash()), b64(proof.root()),
                    proof.hashes().stream().map(AccessLogTransparencyController::b64).toList());
        });
    }

    @GetMapping("/api/v1/access-log/proofs/consistency")
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    ConsistencyView consistency(@AuthenticationPrincipal CustodianUser user, @RequestParam long from,
                                @RequestParam(required = false) Long to) {
        if (from < 1 || (to != null && to < from)) {
            throw ProblemException.badRequest("access-log-proof-sizes",
                    "A consistency proof goes from a tree of at least 1 entry (from) to one at least as large (to).");
        }
        return tenancy.inSchool(user.ownSchoolId(), () -> {
            Stored latest = latest(user);
            long size = withinLatest(to == null ? latest.treeSize() : to, latest);
            withinLatest(from, latest);
            MerkleProofs.ConsistencyProof proof = MerkleProofs.consistency(from, size, tree.storedHashes(user.ownSchoolId()));
            return new ConsistencyView(from, size, b64(proof.fromRoot()), b64(proof.toRoot()),
                    proof.hashes().stream().map(AccessLogTransparencyController::b64).toList());
        });
    }

    /**
     * The school's whole log as JSON lines (see {@link ExportLines}), up to its latest checkpoint,
     * streamed from a cursor. The export is logged first, in its own transaction, so it is recorded
     * even if the download breaks off.
     */
    @GetMapping("/api/v1/access-log/export")
    @ApiResponse(responseCode = "200", description = "The access log, one JSON object a line",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")))
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    void export(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Stored latest = tenancy.inSchool(user.ownSchoolId(), () -> {
            Stored checkpoint = latest(user);
            accessLog.append(new AccessEntry(user.ownSchoolId(), user.id(), user.role().name(), List.of(),
                    List.of("access-log"), AccessAction.EXPORT, EXPORT_PURPOSE, EXPORT_REASON,
                    RequestIds.of(request), ClientAddress.of(request)));
            return checkpoint;
        });
        response.setContentType(JSON_LINES.toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"access-log-" + user.ownSchoolId() + ".jsonl\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write(ExportLines.header(user.ownSchoolId(), latest.note()));
        out.write('\n');
        tenancy.inSchool(user.ownSchoolId(), () -> tree.exportLines(user.ownSchoolId(), latest.treeSize(), out));
        out.flush();
    }

    /** The installation's verifier keys ({@code name+keyid+base64}), one a line, every key it has signed with, the current one last. */
    @GetMapping("/api/v1/access-log/public-keys")
    @ApiResponse(responseCode = "200", description = "The verifier keys, one a line",
            content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    @PublicEndpoint
    ResponseEntity<String> publicKeys() {
        StringBuilder lines = new StringBuilder();
        checkpoints.verifierKeys().forEach(key -> lines.append(key.encoded()).append('\n'));
        return ResponseEntity.ok().contentType(TEXT).body(lines.toString());
    }

    /** The current signing key's public half as PEM (SubjectPublicKeyInfo), for the offline verifier and OpenSSL. */
    @GetMapping("/api/v1/access-log/public-key.pem")
    @ApiResponse(responseCode = "200", description = "The public key as PEM",
            content = @Content(mediaType = "application/x-pem-file", schema = @Schema(type = "string")))
    @PublicEndpoint
    ResponseEntity<String> publicKeyPem() {
        List<VerifierKey> keys = checkpoints.verifierKeys();
        if (keys.isEmpty()) {
            throw ProblemException.notFound("access-log-no-signing-key", "The installation has no signing key yet.");
        }
        return ResponseEntity.ok().contentType(new MediaType("application", "x-pem-file", StandardCharsets.US_ASCII))
                .body(Ed25519Pem.encode(keys.get(keys.size() - 1).publicKey()));
    }

    /** JSON only when named outright: a client with a wildcard Accept gets the note as saved and signed. */
    private static boolean asksForJson(String accept) {
        try {
            return accept != null && MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.getType().equals("application") && type.getSubtype().equals("json"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Stored latest(CustodianUser user) {
        return checkpointStore.latest(user.ownSchoolId()).orElseThrow(() -> ProblemException.notFound(
                "access-log-no-checkpoint", "The school's access log has no signed checkpoint yet."));
    }

    /** Any size up to the latest checkpoint's: the tree only grows, so each smaller tree is a prefix of it. */
    private static long withinLatest(long size, Stored latest) {
        if (size > latest.treeSize()) {
            throw ProblemException.conflict("access-log-tree-size-beyond-checkpoint",
                    "The tree size asked for is beyond the latest signed checkpoint's.");
        }
        return size;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @NoPersonalData("a signed tree head: a size and hashes; its note is the signed note, not a reviewer's")
    record CheckpointView(long treeSize, String rootHash, String note) {
    }

    record InclusionView(long entry, long leafIndex, long treeSize, String leafHash, String rootHash, List<String> hashes) {
    }

    record ConsistencyView(long fromSize, long toSize, String fromRootHash, String toRootHash, List<String> hashes) {
    }
}
