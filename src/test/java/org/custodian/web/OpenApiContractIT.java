package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import custodian.apiclient.ApiClient;
import custodian.apiclient.api.ImportsApi;
import custodian.apiclient.api.PupilsApi;
import custodian.apiclient.auth.ApiKeyAuth;
import custodian.apiclient.model.ImportJob;
import custodian.apiclient.model.Problem;
import custodian.apiclient.model.PupilData;
import custodian.apiclient.model.PupilRecord;
import custodian.apiclient.model.SearchRequest;
import custodian.apiclient.model.WriteResult;
import org.custodian.identity.Role;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.Fixtures.TestPupil;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClientResponseException;

/**
 * Drives the API through a client generated from its description (OpenAPI Generator, at build time,
 * from the committed snapshot that OpenApiLintIT holds equal to the served description): if the
 * description lies about a path, a parameter, a header, a body, a status or a media type, this
 * client fails. The flow: create, read, update with If-Match, search, import upload and poll, and
 * the problem answers a client must be able to read.
 */
@CustodianTest
class OpenApiContractIT {

    private static final String PURPOSE = "DATA_MANAGEMENT";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;

    School school;
    PupilsApi pupils;
    ImportsApi imports;

    @BeforeEach
    void aDataManagerSignedInThroughTheGeneratedClient() {
        school = fixtures.school();
        var admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        Browser browser = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));

        // The test profile's session cookie has a plain name (tests speak HTTP, a __Host- cookie needs
        // HTTPS): it goes along as a header; the CSRF token through the description's own scheme.
        var rest = ApiClient.buildRestClientBuilder().defaultHeader(HttpHeaders.COOKIE, browser.cookieHeader()).build();
        ApiClient client = new ApiClient(rest);
        client.setBasePath("http://localhost:" + port);
        ((ApiKeyAuth) client.getAuthentication("csrfToken")).setApiKey(csrfToken(browser));
        pupils = new PupilsApi(client);
        imports = new ImportsApi(client);
    }

    @Test
    void createReadUpdateWithIfMatchAndSearch() {
        TestPupil pupil = fixtures.newPupil();
        PupilData data = data(pupil);

        ResponseEntity<WriteResult> created = pupils.createPupilWithHttpInfo(PURPOSE, data, null);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        UUID id = created.getBody().getId();
        assertThat(created.getHeaders().getLocation()).hasToString("/api/v1/pupils/" + id);
        String createdTag = created.getHeaders().getETag();
        assertThat(createdTag).isEqualTo("\"1\"");

        ResponseEntity<PupilRecord> read = pupils.readPupilWithHttpInfo(id, PURPOSE, null, null);
        assertThat(read.getStatusCode().value()).isEqualTo(200);
        assertThat(read.getHeaders().getContentType()).isNotNull()
                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON));
        assertThat(read.getHeaders().getETag()).isEqualTo(createdTag);
        assertThat(read.getBody().getUpn()).isEqualTo(pupil.upn());
        assertThat(read.getBody().getDateOfBirth()).isEqualTo(LocalDate.parse(pupil.dateOfBirth()));

        ResponseEntity<WriteResult> updated = pupils.updatePupilWithHttpInfo(id, createdTag, PURPOSE,
                data.forename("Fakeforenamechanged"), null);
        assertThat(updated.getStatusCode().value()).isEqualTo(200);
        assertThat(updated.getHeaders().getETag()).isEqualTo("\"2\"");
        assertThat(pupils.readPupil(id, PURPOSE, null, null).getForename()).isEqualTo("Fakeforenamechanged");

        var found = pupils.searchPupilsWithHttpInfo(PURPOSE, new SearchRequest().upn(pupil.upn()), null);
        assertThat(found.getStatusCode().value()).isEqualTo(200);
        assertThat(found.getBody().getPupils()).extracting(PupilRecord::getId).containsExactly(id);
        assertThat(found.getBody().getTotal()).isEqualTo(1L);
    }

    @Test
    void problemAnswersAreTheDocumentedProblemDetails() {
        TestPupil pupil = fixtures.newPupil();
        PupilData data = data(pupil);
        UUID id = pupils.createPupil(PURPOSE, data, null).getId();

        assertProblem(() -> pupils.updatePupil(id, "\"7\"", PURPOSE, data, null), 412, "version-mismatch");
        assertProblem(() -> pupils.readPupil(UUID.randomUUID(), PURPOSE, null, null), 404, "pupil-not-found");
        assertProblem(() -> pupils.readPupil(id, "GOSSIP", null, null), 400, "purpose-unknown");
        Problem invalid = assertProblem(() -> pupils.createPupil(PURPOSE, data(fixtures.newPupil()).upn("not a UPN"),
                null), 400, "validation-failed");
        assertThat(invalid.getErrors()).anySatisfy(error -> {
            assertThat(error.getField()).isEqualTo("upn");
            assertThat(error.getCode()).isEqualTo("invalid-upn");
        });
        assertProblem(() -> imports.statusImport(UUID.randomUUID()), 404, "import-not-found");
    }

    @Test
    void anImportIsUploadedPolledCommittedAndPolledAgain() throws Exception {
        File file = Files.createTempFile("contract-import", ".csv").toFile();
        file.deleteOnExit();
        var csv = new ByteArrayOutputStream();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                school.establishmentNumber(), 5, 19, today)).writeCsv(csv);
        Files.write(file.toPath(), csv.toByteArray());

        ResponseEntity<ImportJob> uploaded = imports.uploadImportsWithHttpInfo(null, null, null, file);
        assertThat(uploaded.getStatusCode().value()).isEqualTo(202);
        UUID id = uploaded.getBody().getId();
        assertThat(uploaded.getHeaders().getLocation()).hasToString("/api/v1/imports/" + id);

        ImportJob previewed = poll(id);
        assertThat(previewed.getState()).isEqualTo(ImportJob.StateEnum.PREVIEWED);
        assertThat(previewed.getPreview().getCreated()).isEqualTo(5);

        ResponseEntity<ImportJob> committing = imports.commitImportWithHttpInfo(id);
        assertThat(committing.getStatusCode().value()).isEqualTo(202);
        assertThat(poll(id).getState()).isEqualTo(ImportJob.StateEnum.COMMITTED);
        assertThat(imports.historyImports()).extracting(ImportJob::getId).contains(id);
    }

    /** Polls as the description says to, until the job is neither previewing nor committing (at most a minute). */
    private ImportJob poll(UUID id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            ImportJob job = imports.statusImport(id);
            if (job.getState() != ImportJob.StateEnum.PREVIEWING && job.getState() != ImportJob.StateEnum.COMMITTING) {
                return job;
            }
            assertThat(Instant.now()).as("import still " + job.getState()).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static PupilData data(TestPupil pupil) {
        return new PupilData().upn(pupil.upn()).forename(pupil.forename()).surname(pupil.surname())
                .dateOfBirth(pupil.dateOfBirth()).sex("F").ncYear("7").admissionNumber("A" + pupil.upn().substring(8))
                .registrationGroup("7A").classes(List.of("7A/Ma1"));
    }

    private static Problem assertProblem(Runnable call, int status, String code) {
        RestClientResponseException refused = catchThrowableOfType(RestClientResponseException.class, call::run);
        assertThat(refused).as("refused with %s", code).isNotNull();
        assertThat(refused.getStatusCode().value()).isEqualTo(status);
        assertThat(refused.getResponseHeaders().getContentType()).hasToString("application/problem+json");
        Problem problem = ApiClient.createDefaultMapper(null).readValue(refused.getResponseBodyAsString(), Problem.class);
        assertThat(problem.getCode()).isEqualTo(code);
        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getType()).isEqualTo("urn:custodian:problem:" + code);
        return problem;
    }

    private static String csrfToken(Browser browser) {
        Matcher matcher = CSRF.matcher(browser.get("/login").body());
        assertThat(matcher.find()).as("a CSRF token on the sign-in page").isTrue();
        return matcher.group(1);
    }
}
