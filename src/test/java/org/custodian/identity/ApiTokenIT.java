package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A school's API tokens over real HTTP on real PostgreSQL: issued once by a school admin, stored as
 * a hash, usable only on the API and only on endpoints their scope covers, stateless, and refused
 * with 401 {@code invalid-token} once revoked or expired.
 */
@CustodianTest
class ApiTokenIT {

    private static final String TOKENS = "/api/v1/api-tokens";
    private static final String PROBE = ApiTokenProbeController.PATH;

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JsonMapper json;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired SecurityEvents events;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    School schoolA;
    CustodianUser adminA;
    Browser admin;

    @BeforeEach
    void aSchoolWithItsAdminSignedIn() {
        schoolA = fixtures.school();
        adminA = fixtures.schoolAdmin(schoolA.id());
        admin = fixtures.signedIn(port, adminA);
    }

    @Test
    void theSecretIsReturnedOnceAndOnlyItsHashIsStored() throws Exception {
        var created = admin.api("POST", TOKENS, """
                {"label": "SIMS nightly export", "scopes": ["import"], "expiresInDays": 90}""");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json.readTree(created.body());
        String secret = body.get("secret").asString();
        UUID id = UUID.fromString(body.get("token").get("id").asString());
        assertThat(secret).matches("cst_[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(secret.substring(4))).hasSize(32);
        assertThat(body.get("token").get("prefix").asString()).isEqualTo(secret.substring(0, 8));
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(TOKENS + "/" + id));

        var list = admin.get(TOKENS);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).doesNotContain(secret.substring(8))
                .doesNotContain("\"secret\"").doesNotContain("hash");
        JsonNode listed = only(json.readTree(list.body()), id);
        assertThat(listed.get("label").asString()).isEqualTo("SIMS nightly export");
        assertThat(listed.get("scopes").get(0).asString()).isEqualTo("import");
        assertThat(listed.get("status").asString()).isEqualTo("active");
        assertThat(listed.get("expiresAt").asString()).isNotBlank();
        assertThat(listed.get("createdBy").asString()).isEqualTo(adminA.id().toString());
        assertThat(listed.has("lastUsedAt")).isFalse();

        // The raw row: the SHA-256 of the secret, and neither the secret nor its random bytes anywhere.
        Map<String, Object> row = tenancy.inSchool(schoolA.id(), () -> jdbc.sql(
                "select token_hash, api_token::text as whole from api_token where id = ?").param(id)
                .query().singleRow());
        byte[] stored = (byte[]) row.get("token_hash");
        byte[] random = Base64.getUrlDecoder().decode(secret.substring(4));
        assertThat(stored).isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        assertThat(stored).isNotEqualTo(random);
        assertThat((String) row.get("whole")).doesNotContain(secret.substring(8)).doesNotContain(hex(random));

        assertThat(events.list(schoolA.id(), id, null, null, 10)).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(SecurityEventType.API_TOKEN_ISSUED);
            assertThat(event.actorId()).isEqualTo(adminA.id());
            assertThat(event.detail()).doesNotContain(secret.substring(8));
        });
    }

    @Test
    void aTokenActsForItsSchoolOnImportEndpointsOnlyWithoutSessionOrCsrf() throws Exception {
        String secret = issue(admin, "MIS connector");

        var probe = bearer("GET", PROBE, secret);
        assertThat(probe.statusCode()).isEqualTo(200);
        JsonNode caller = json.readTree(probe.body());
        assertThat(caller.get("schoolId").asString()).isEqualTo(schoolA.id().toString());
        assertThat(caller.get("role").asString()).isEqualTo("MIS_CONNECTOR");
        assertThat(probe.headers().allValues("Set-Cookie")).isEmpty();

        // A state change with no CSRF token and no cookie.
        var posted = bearer("POST", PROBE, secret);
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.headers().allValues("Set-Cookie")).isEmpty();

        // Nothing but PUPIL_IMPORT endpoints: pupil records, the admin API, sessions, pages.
        var pupils = bearer("GET", "/api/v1/pupils", secret);
        assertThat(pupils.statusCode()).isEqualTo(403);
        assertThat(pupils.body()).contains("\"code\":\"forbidden\"");
        assertThat(pupils.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(bearer("GET", TOKENS, secret).statusCode()).isEqualTo(403);
        assertThat(bearer("POST", TOKENS, secret).statusCode()).isEqualTo(403);
        assertThat(bearer("GET", "/api/v1/sessions", secret).statusCode()).isEqualTo(403);
        // Not even an endpoint any signed-in person may use: a token reaches its scope's endpoints only.
        assertThat(admin.get(PROBE + "/any-signed-in").statusCode()).isEqualTo(200);
        assertThat(bearer("GET", PROBE + "/any-signed-in", secret).statusCode()).isEqualTo(403);
        var unknownPath = bearer("GET", "/api/v1/no-such-endpoint", secret);
        assertThat(unknownPath.statusCode()).as(unknownPath.body()).isIn(403, 404);
        assertThat(unknownPath.headers().allValues("Set-Cookie")).isEmpty();
        // The public API description stays readable with the token configured.
        assertThat(bearer("GET", "/api/v1/openapi", secret).statusCode()).isEqualTo(200);
        // A valid token alongside the admin's session cookie: the token decides, the session is not even touched.
        List<Long> lastAccess = sessionLastAccess();
        Thread.sleep(5); // Spring Session stamps access with the system clock in milliseconds
        var withCookie = http.send(HttpRequest.newBuilder(admin.uri(TOKENS))
                .header("Authorization", "Bearer " + secret).header("Cookie", admin.cookieHeader())
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withCookie.statusCode()).isEqualTo(403);
        assertThat(sessionLastAccess()).isEqualTo(lastAccess);
        assertThat(admin.get(TOKENS).statusCode()).isEqualTo(200);
        var page = bearer("GET", "/school", secret);
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body()).contains("\"code\":\"token-not-accepted\"");
        assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void lastUsedIsRecordedAtMostOnceAMinute() throws Exception {
        String secret = issue(admin, "Nightly sync");
        UUID id = idOf(secret);

        assertThat(bearer("GET", PROBE, secret).statusCode()).isEqualTo(200);
        Timestamp first = lastUsed(id);
        // PostgreSQL keeps microseconds (rounded), the clock nanoseconds.
        assertThat(first.toInstant()).isBetween(clock.instant().minusMillis(1), clock.instant().plusMillis(1));

        clock.advance(Duration.ofSeconds(30));
        bearer("GET", PROBE, secret);
        assertThat(lastUsed(id)).isEqualTo(first);

        clock.advance(Duration.ofSeconds(31));
        bearer("GET", PROBE, secret);
        assertThat(lastUsed(id).toInstant()).isAfter(first.toInstant());
        assertThat(only(json.readTree(admin.get(TOKENS).body()), id).get("lastUsedAt").asString()).isNotBlank();
    }

    @Test
    void aRevokedTokenIsRefusedWith401AndNeverFallsBackToTheSession() throws Exception {
        String secret = issue(admin, "Old export");
        UUID id = idOf(secret);
        assertThat(bearer("GET", PROBE, secret).statusCode()).isEqualTo(200);

        var revoked = admin.api("DELETE", TOKENS + "/" + id, null);
        assertThat(revoked.statusCode()).isEqualTo(204);

        assertInvalidToken(bearer("GET", PROBE, secret));
        // With the admin's own session cookie alongside, the bad token still decides: 401, not the session.
        List<Long> lastAccess = sessionLastAccess();
        Thread.sleep(5);
        var withCookie = http.send(HttpRequest.newBuilder(admin.uri(TOKENS))
                .header("Authorization", "Bearer " + secret).header("Cookie", admin.cookieHeader()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertInvalidToken(withCookie);
        assertThat(sessionLastAccess()).isEqualTo(lastAccess);
        JsonNode listed = only(json.readTree(admin.get(TOKENS).body()), id);
        assertThat(listed.get("status").asString()).isEqualTo("revoked");
        assertThat(listed.get("revokedBy").asString()).isEqualTo(adminA.id().toString());
        assertThat(events.list(schoolA.id(), id, null, null, 10)).extracting(SecurityEvent::type)
                .containsExactlyInAnyOrder(SecurityEventType.API_TOKEN_ISSUED, SecurityEventType.API_TOKEN_REVOKED);
        // Revoking again changes nothing and records nothing.
        assertThat(admin.api("DELETE", TOKENS + "/" + id, null).statusCode()).isEqualTo(204);
        assertThat(events.list(schoolA.id(), id, null, null, 10)).hasSize(2);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        var created = admin.api("POST", TOKENS, """
                {"label": "Short-lived", "scopes": ["import"], "expiresInDays": 1}""");
        String secret = json.readTree(created.body()).get("secret").asString();
        assertThat(bearer("GET", PROBE, secret).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertInvalidToken(bearer("GET", PROBE, secret));
        assertThat(only(json.readTree(fixtures.signedIn(port, adminA).get(TOKENS).body()), idOf(secret))
                .get("status").asString()).isEqualTo("expired");
    }

    @Test
    void aTokenIssuedWithoutAnExpiryStillExpiresAfterTheDefaultLifetime() throws Exception {
        var created = admin.api("POST", TOKENS, """
                {"label": "No expiry chosen", "scopes": ["import"]}""");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = json.readTree(created.body());
        String secret = body.get("secret").asString();
        assertThat(java.time.Instant.parse(body.get("token").get("expiresAt").asString()))
                .isCloseTo(clock.instant().plus(Duration.ofDays(90)), org.assertj.core.api.Assertions.within(
                        1, java.time.temporal.ChronoUnit.SECONDS));
        assertThat(bearer("GET", PROBE, secret).statusCode()).isEqualTo(200);

        java.time.Instant before = clock.instant();
        clock.advance(Duration.ofDays(90).plusSeconds(1));
        try {
            assertInvalidToken(bearer("GET", PROBE, secret));
        } finally {
            // The clock is shared by every test of this context: others judge dates against it.
            clock.set(before.plusSeconds(1));
        }
    }

    @Test
    void garbageAndUnknownTokensAreRefused() throws Exception {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String unknown = "cst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);

        for (String token : List.of(unknown, "nonsense", "cst_", unknown + "x", "")) {
            assertInvalidToken(bearer("GET", PROBE, token));
        }
        var lowerCaseScheme = http.send(HttpRequest.newBuilder(admin.uri(PROBE))
                .header("Authorization", "bearer " + unknown).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertInvalidToken(lowerCaseScheme);
        // And no token at all is the ordinary "sign in first".
        var none = http.send(HttpRequest.newBuilder(admin.uri(PROBE)).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("\"code\":\"unauthenticated\"");
    }

    @Test
    void onlyASchoolAdminIssuesAndOnlyForTheirOwnSchool() throws Exception {
        String secretA = issue(admin, "School A MIS");
        UUID idA = idOf(secretA);
        Browser teacher = fixtures.signedIn(port, fixtures.user(schoolA.id(), Role.TEACHER));
        Browser dataManager = fixtures.signedIn(port, fixtures.user(schoolA.id(), Role.DATA_MANAGER));
        School schoolB = fixtures.school();
        Browser adminB = fixtures.signedIn(port, fixtures.schoolAdmin(schoolB.id()));

        var byTeacher = teacher.api("POST", TOKENS, "{\"label\": \"Mine\", \"scopes\": [\"import\"]}");
        assertThat(byTeacher.statusCode()).isEqualTo(403);
        assertThat(byTeacher.body()).doesNotContain("cst_");
        assertThat(dataManager.api("POST", TOKENS, "{\"label\": \"Mine\", \"scopes\": [\"import\"]}").statusCode())
                .isEqualTo(403);
        assertThat(teacher.get(TOKENS).statusCode()).isEqualTo(403);
        assertThat(teacher.get("/school/api-tokens").statusCode()).isEqualTo(403);
        assertThat(teacher.api("DELETE", TOKENS + "/" + idA, null).statusCode()).isEqualTo(403);

        var byOtherAdmin = adminB.api("DELETE", TOKENS + "/" + idA, null);
        assertThat(byOtherAdmin.statusCode()).isEqualTo(404);
        assertThat(byOtherAdmin.body()).contains("\"code\":\"api-token-not-found\"");
        assertThat(adminB.get(TOKENS).body()).doesNotContain(idA.toString());
        assertThat(bearer("GET", PROBE, secretA).statusCode()).isEqualTo(200);

        // B's own token acts for B.
        String secretB = issue(adminB, "School B MIS");
        assertThat(json.readTree(bearer("GET", PROBE, secretB).body()).get("schoolId").asString())
                .isEqualTo(schoolB.id().toString());
    }

    @Test
    void invalidRequestsAreProblemDetailsNamingTheField() throws Exception {
        assertProblem(admin.api("POST", TOKENS, "{\"label\": \"  \", \"scopes\": [\"import\"]}"),
                "validation-failed", "label");
        assertProblem(admin.api("POST", TOKENS, "{\"label\": \"" + "x".repeat(81) + "\", \"scopes\": [\"import\"]}"),
                "validation-failed", "label");
        assertProblem(admin.api("POST", TOKENS, "{\"label\": \"Export\", \"scopes\": []}"),
                "validation-failed", "scopes");
        assertProblem(admin.api("POST", TOKENS, "{\"label\": \"Export\", \"scopes\": [\"import\"], \"expiresInDays\": 0}"),
                "validation-failed", "expiresInDays");
        assertProblem(admin.api("POST", TOKENS, "{\"label\": \"Export\", \"scopes\": [\"import\"], \"expiresInDays\": 100000000}"),
                "validation-failed", "expiresInDays");
        assertProblem(admin.api("POST", TOKENS, "{\"label\": \"Export\", \"scopes\": [\"import\", \"export\"]}"),
                "unknown-scope", "scopes");
        assertThat(admin.get(TOKENS).body()).isEqualTo("[]");
    }

    @Test
    void theAdminPageCreatesShowsTheSecretOnceAndRevokes() throws Exception {
        assertThat(admin.get("/school").body()).contains("href=\"/school/api-tokens\"");
        var form = admin.get("/school/api-tokens/new");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("for=\"label\"", "id=\"scope-import\"", "for=\"expiresInDays\"");

        var invalid = admin.postForm("/school/api-tokens/new", "/school/api-tokens", Map.of("label", "", "scopes", "import"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("govuk-error-summary", "href=\"#label\"");

        var created = admin.postForm("/school/api-tokens/new", "/school/api-tokens",
                Map.of("label", "Arbor sync", "scopes", "import", "expiresInDays", "30"));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        var matcher = java.util.regex.Pattern.compile("value=\"(cst_[A-Za-z0-9_-]{43})\"").matcher(created.body());
        assertThat(matcher.find()).isTrue();
        String secret = matcher.group(1);
        assertThat(created.body()).contains("will not be shown again");
        assertThat(bearer("GET", PROBE, secret).statusCode()).isEqualTo(200);

        var list = admin.get("/school/api-tokens");
        assertThat(list.body()).contains("Arbor sync", secret.substring(0, 8), "Test SCHOOL_ADMIN").doesNotContain(secret);
        UUID id = idOf(secret);
        var revoked = admin.postForm("/school/api-tokens", "/school/api-tokens/" + id + "/revoke", Map.of());
        assertThat(revoked.statusCode()).isEqualTo(302);
        assertInvalidToken(bearer("GET", PROBE, secret));
        assertThat(admin.get("/school/api-tokens").body()).contains("has been revoked", "Revoked");
        // The school's sign-in events name the token by its label.
        assertThat(admin.get("/school/sign-in-events").body())
                .contains("API token created", "API token revoked", "API token: Arbor sync");
    }

    @Test
    void theApiDescriptionNamesTheBearerSchemeOnImportOperationsOnly() throws Exception {
        JsonNode api = json.readTree(new Browser(port).get("/api/v1/openapi").body());

        JsonNode scheme = api.get("components").get("securitySchemes").get("apiToken");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(api.get("paths").get("/api/v1/imports").get("get").get("security").toString())
                .contains("\"apiToken\":[\"import\"]", "\"session\"");
        assertThat(api.get("paths").get(TOKENS).get("get").get("security").toString())
                .contains("\"session\"").doesNotContain("apiToken");
    }

    private String issue(Browser browser, String label) {
        var created = browser.api("POST", TOKENS, "{\"label\": \"" + label + "\", \"scopes\": [\"import\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        return json.readTree(created.body()).get("secret").asString();
    }

    /** The id of the token whose secret this is, found the way the application finds it: by hash. */
    private UUID idOf(String secret) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        return tenancy.asPlatform(() -> jdbc.sql("select id from api_token where token_hash = ?").param(hash)
                .query(UUID.class).single());
    }

    private List<Long> sessionLastAccess() {
        return jdbc.sql("select last_access_time from spring_session where principal_name = ?")
                .param(adminA.id().toString()).query(Long.class).list();
    }

    private Timestamp lastUsed(UUID id) {
        return tenancy.inSchool(schoolA.id(), () -> jdbc.sql("select last_used_at from api_token where id = ?")
                .param(id).query(Timestamp.class).single());
    }

    private HttpResponse<String> bearer(String method, String path, String secret) throws Exception {
        return http.send(HttpRequest.newBuilder(admin.uri(path))
                .header("Authorization", "Bearer " + secret)
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode only(JsonNode list, UUID id) {
        for (JsonNode token : list) {
            if (token.get("id").asString().equals(id.toString())) {
                return token;
            }
        }
        throw new AssertionError("Token not listed");
    }

    private static void assertInvalidToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(response.body()).contains("\"code\":\"invalid-token\"");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    private void assertProblem(HttpResponse<String> response, String code, String field) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
