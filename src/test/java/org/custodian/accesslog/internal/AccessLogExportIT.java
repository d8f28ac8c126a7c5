package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.AccessLogRetention;
import org.custodian.accesslog.OfflineAccessLogVerifier;
import org.custodian.accesslog.internal.tree.MerkleProofs;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A school's DPO downloads the checkpoint, proofs and export through the API; the offline verifier
 * checks the downloaded files against the public key anyone can fetch.
 */
@CustodianTest
class AccessLogExportIT {

    @Autowired AccessLog accessLog;
    @Autowired AccessLogSequencer sequencer;
    @Autowired Tenancy tenancy;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;
    @Autowired SubjectKeys keys;
    @Autowired AccessLogRetention retention;
    @LocalServerPort int port;
    @TempDir Path dir;

    @Test
    void theDownloadedExportVerifiesOfflineAgainstASavedCheckpointAndThePublishedKey() throws Exception {
        UUID school = fixtures.school().id();
        List<Long> sequences = append(school, 23);
        sequencer.integrate(school);
        CustodianUser dpo = fixtures.user(school, Role.DPO);
        Browser browser = fixtures.signedIn(port, dpo);

        HttpResponse<String> saved = browser.api("GET", "/api/v1/access-log/checkpoint", null, "Accept", "text/plain");
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(saved.body()).contains("/access-log/" + school + "\n23\n").contains("\n\n\u2014 ");
        JsonNode savedJson = json.readTree(browser.get("/api/v1/access-log/checkpoint").body());
        assertThat(savedJson.get("treeSize").asLong()).isEqualTo(23);
        assertThat(savedJson.get("note").asString()).isEqualTo(saved.body());

        sequences.addAll(append(school, 30));
        sequencer.integrate(school);

        Browser anyone = new Browser(port);
        HttpResponse<String> pem = anyone.api("GET", "/api/v1/access-log/public-key.pem", null, "Accept", "*/*");
        assertThat(pem.statusCode()).isEqualTo(200);
        assertThat(pem.body()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        HttpResponse<String> verifierKeys = anyone.api("GET", "/api/v1/access-log/public-keys", null, "Accept", "*/*");
        assertThat(verifierKeys.statusCode()).isEqualTo(200);
        assertThat(verifierKeys.body()).matches("(?s)[^+\\s]+/access-log\\+[0-9a-f]{8}\\+[A-Za-z0-9+/=]+\n");

        HttpResponse<String> export = browser.api("GET", "/api/v1/access-log/export", null, "Accept", "*/*");
        assertThat(export.statusCode()).isEqualTo(200);
        List<String> lines = export.body().lines().toList();
        assertThat(lines).hasSize(1 + 53);
        assertThat(json.readTree(lines.get(1)).get("entry").get("sequence").asLong()).isEqualTo(sequences.get(0));

        Path log = Files.writeString(dir.resolve("log.jsonl"), export.body());
        Path checkpoint = Files.writeString(dir.resolve("saved.txt"), saved.body());
        Path key = Files.writeString(dir.resolve("key.pem"), pem.body());
        Path keys = Files.writeString(dir.resolve("keys.txt"), verifierKeys.body());
        assertThat(verify(log, checkpoint, key)).isEqualTo(OfflineAccessLogVerifier.OK);
        assertThat(verify(log, checkpoint, keys)).isEqualTo(OfflineAccessLogVerifier.OK);

        // The export itself is an access, logged under the DPO's name.
        assertThat(tenancy.inSchool(school, () -> jdbc.sql("""
                        select count(*) from access_log_entry
                        where school_id = ? and actor_id = ? and action = 'EXPORT' and purpose = 'LEGAL_OBLIGATION'""")
                .params(school, dpo.id()).query(Long.class).single())).isEqualTo(1);

        // A line edited after download no longer verifies.
        String edited = export.body().replaceFirst("\"purpose\":\"TEACHING_AND_LEARNING\"", "\"purpose\":\"BREAK_GLASS\"");
        assertThat(verify(Files.writeString(dir.resolve("edited.jsonl"), edited), checkpoint, key))
                .isEqualTo(OfflineAccessLogVerifier.BROKEN);
    }

    @Test
    void entriesRemovedUnderRetentionAreExportedAsLeavesAndStillVerify() throws Exception {
        UUID school = fixtures.school().id();
        append(school, 10);
        sequencer.integrate(school);
        clock.advance(Duration.ofDays(1));
        Instant cutoff = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        append(school, 7);
        sequencer.integrate(school);
        long removed = retention.removeEntriesBefore(school, cutoff);
        assertThat(removed).isEqualTo(10);

        Browser browser = fixtures.signedIn(port, fixtures.schoolAdmin(school));
        String export = browser.api("GET", "/api/v1/access-log/export", null, "Accept", "*/*").body();
        List<String> lines = export.lines().toList();
        assertThat(json.readTree(lines.get(10)).get("type").asString()).isEqualTo("leaf");
        assertThat(json.readTree(lines.get(11)).get("type").asString()).isEqualTo("entry");
        String key = new Browser(port).api("GET", "/api/v1/access-log/public-key.pem", null, "Accept", "*/*").body();
        assertThat(verify(Files.writeString(dir.resolve("log.jsonl"), export), null,
                Files.writeString(dir.resolve("key.pem"), key))).isEqualTo(OfflineAccessLogVerifier.OK);
    }

    @Test
    void proofsVerifyAgainstTheSignedRootsAndBadRequestsGetProblemCodes() throws Exception {
        UUID school = fixtures.school().id();
        List<Long> sequences = append(school, 20);
        sequencer.integrate(school);
        Browser browser = fixtures.signedIn(port, fixtures.schoolAdmin(school));
        JsonNode first = json.readTree(browser.get("/api/v1/access-log/checkpoint").body());
        sequences.addAll(append(school, 17));
        sequencer.integrate(school);
        JsonNode latest = json.readTree(browser.get("/api/v1/access-log/checkpoint").body());
        assertThat(latest.get("treeSize").asLong()).isEqualTo(37);

        JsonNode inclusion = json.readTree(browser.get("/api/v1/access-log/proofs/inclusion?entry=" + sequences.get(13)).body());
        assertThat(inclusion.get("leafIndex").asLong()).isEqualTo(13);
        assertThat(inclusion.get("treeSize").asLong()).isEqualTo(37);
        assertThat(MerkleProofs.verifyInclusion(13, 37, b64(inclusion.get("leafHash")), hashes(inclusion),
                b64(latest.get("rootHash")))).isTrue();
        JsonNode atFirst = json.readTree(browser.get("/api/v1/access-log/proofs/inclusion?entry=" + sequences.get(13)
                + "&treeSize=20").body());
        assertThat(MerkleProofs.verifyInclusion(13, 20, b64(atFirst.get("leafHash")), hashes(atFirst),
                b64(first.get("rootHash")))).isTrue();

        JsonNode consistency = json.readTree(browser.get("/api/v1/access-log/proofs/consistency?from=20").body());
        assertThat(consistency.get("toSize").asLong()).isEqualTo(37);
        assertThat(MerkleProofs.verifyConsistency(20, 37, b64(first.get("rootHash")), b64(latest.get("rootHash")),
                hashes(consistency))).isTrue();

        assertProblem(browser.get("/api/v1/access-log/proofs/inclusion?entry=" + sequences.get(30) + "&treeSize=20"),
                409, "access-log-entry-beyond-tree-size");
        assertProblem(browser.get("/api/v1/access-log/proofs/inclusion?entry=" + sequences.get(3) + "&treeSize=38"),
                409, "access-log-tree-size-beyond-checkpoint");
        assertProblem(browser.get("/api/v1/access-log/proofs/inclusion?entry=999999999999"), 404, "access-log-entry-not-in-tree");
        List<Long> waiting = append(school, 1);
        assertProblem(browser.get("/api/v1/access-log/proofs/inclusion?entry=" + waiting.get(0)), 404, "access-log-entry-not-in-tree");
        assertProblem(browser.get("/api/v1/access-log/proofs/inclusion?entry=-1"), 400, "invalid-parameter");
        assertProblem(browser.get("/api/v1/access-log/proofs/inclusion?entry=x"), 400, "invalid-parameter");
        assertProblem(browser.get("/api/v1/access-log/proofs/consistency?from=30&to=20"), 400, "access-log-proof-sizes");
        assertProblem(browser.get("/api/v1/access-log/proofs/consistency?from=0"), 400, "access-log-proof-sizes");
        assertProblem(browser.get("/api/v1/access-log/proofs/consistency?from=38"), 409, "access-log-tree-size-beyond-checkpoint");

        // Another school's entry is not in this school's tree.
        UUID other = fixtures.school().id();
        List<Long> theirs = append(other, 1);
        sequencer.integrate(other);
        assertProblem(browser.get("/api/v1/access-log/proofs/inclusion?entry=" + theirs.get(0)), 404, "access-log-entry-not-in-tree");

        UUID empty = fixtures.school().id();
        Browser emptyAdmin = fixtures.signedIn(port, fixtures.schoolAdmin(empty));
        assertProblem(emptyAdmin.get("/api/v1/access-log/checkpoint"), 404, "access-log-no-checkpoint");

        Browser teacher = fixtures.signedIn(port, fixtures.user(school, Role.TEACHER));
        assertProblem(teacher.get("/api/v1/access-log/export"), 403, "forbidden");
        assertProblem(new Browser(port).get("/api/v1/access-log/checkpoint"), 401, "unauthenticated");
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo(code);
    }

    private static byte[] b64(JsonNode node) {
        return Base64.getDecoder().decode(node.asString());
    }

    private static List<byte[]> hashes(JsonNode proof) {
        List<byte[]> out = new ArrayList<>();
        proof.get("hashes").forEach(hash -> out.add(b64(hash)));
        return out;
    }

    private static int verify(Path log, Path checkpoint, Path key) {
        List<String> args = new ArrayList<>(List.of("--export", log.toString(), "--public-key", key.toString()));
        if (checkpoint != null) {
            args.addAll(List.of("--checkpoint", checkpoint.toString()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = OfflineAccessLogVerifier.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return code;
    }

    private List<Long> append(UUID school, int count) {
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID actor = UUID.randomUUID();
            UUID pupil = UUID.randomUUID();
            String reason = i % 3 == 0 ? "Checking a seating plan" : null;
            if (reason != null) {
                tenancy.inSchool(school, () -> keys.create(school, pupil, SubjectKind.PUPIL));
            }
            String requestId = "req-" + i;
            sequences.add(tenancy.inSchool(school, () -> accessLog.append(new AccessEntry(school, actor, "TEACHER",
                    List.of(pupil), List.of("forename"), AccessAction.READ, "TEACHING_AND_LEARNING",
                    reason, requestId, "192.0.2.1")).sequence()));
        }
        return sequences;
    }
}
