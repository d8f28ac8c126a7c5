package org.custodian.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives MIS imports through the API as a client would: upload, wait for the preview, commit. */
public final class ImportJobs {

    private final JsonMapper json;

    public ImportJobs(JsonMapper json) {
        this.json = json;
    }

    /** Uploads a file and waits for its preview (or its refusal). */
    public JsonNode preview(Browser browser, byte[] file, String name, Map<String, String> fields, String... headers) {
        HttpResponse<String> response = browser.upload("/api/v1/imports", name, file, fields, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return waitForJob(browser, json.readTree(response.body()).get("id").asString(), headers);
    }

    /** Commits a previewed import and waits until it has finished. */
    public JsonNode commit(Browser browser, JsonNode preview) {
        String id = preview.get("id").asString();
        HttpResponse<String> response = browser.api("POST", "/api/v1/imports/" + id + "/commit", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return waitForJob(browser, id);
    }

    /** The job once it is neither previewing nor committing (at most a minute). */
    public JsonNode waitForJob(Browser browser, String id, String... headers) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            JsonNode job = json.readTree(browser.api("GET", "/api/v1/imports/" + id, null, headers).body());
            String state = job.get("state").asString();
            if (!state.equals("PREVIEWING") && !state.equals("COMMITTING")) {
                return job;
            }
            assertThat(Instant.now()).as("import still " + state).isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
