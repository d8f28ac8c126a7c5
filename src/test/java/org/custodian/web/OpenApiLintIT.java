package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served API description is the committed snapshot the contract client is generated from, and
 * passes lint. Lints the served API description with Redocly CLI's recommended rules (tuned only in
 * {@code src/test/resources/openapi/redocly.yaml}, each change with its reason): any error fails.
 * Redocly is installed into {@code target/redocly} with npm on first use.
 */
@CustodianTest
class OpenApiLintIT {

    static final String REDOCLY = "@redocly/cli@2.77.0";
    static final Path TARGET = Path.of("target", "openapi");

    @LocalServerPort int port;
    @Autowired JsonMapper json;

    /**
     * The contract test's client is generated at build time from the committed snapshot, so the
     * snapshot must be what the application serves. After a deliberate API change, copy
     * {@code target/openapi/custodian-v1.json} over {@code src/test/resources/openapi/custodian-v1.json}.
     */
    @Test
    void theCommittedSnapshotIsTheServedDescription() throws Exception {
        var served = new Browser(port).get("/api/v1/openapi");
        assertThat(served.statusCode()).isEqualTo(200);
        JsonNode description = json.readTree(served.body());
        Files.createDirectories(TARGET);
        Files.writeString(TARGET.resolve("custodian-v1.json"),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(description) + "\n", StandardCharsets.UTF_8);

        Path snapshot = Path.of("src", "test", "resources", "openapi", "custodian-v1.json");
        assertThat(Files.exists(snapshot)).as("the snapshot %s", snapshot).isTrue();
        boolean same = json.readTree(Files.readString(snapshot)).equals(description);
        assertThat(same).as("the served description differs from %s: if the API change is meant, copy "
                + "target/openapi/custodian-v1.json over it (the generated client follows)", snapshot).isTrue();
    }

    @Test
    void theServedDescriptionPassesRedoclysRecommendedRules() throws Exception {
        var served = new Browser(port).get("/api/v1/openapi");
        assertThat(served.statusCode()).isEqualTo(200);
        Files.createDirectories(TARGET);
        Path description = TARGET.resolve("served.json");
        Files.writeString(description, served.body(), StandardCharsets.UTF_8);

        Path redocly = installRedocly();
        Result lint = run(List.of(redocly.toString(), "lint", description.toString(),
                "--config", Path.of("src", "test", "resources", "openapi", "redocly.yaml").toString(),
                "--format", "stylish"));

        assertThat(lint.exitCode()).as("Redocly lint of the served description:%n%s", lint.output()).isZero();
        assertThat(lint.output()).as("Redocly's own report").doesNotContain(" error ");
    }

    static Path installRedocly() throws IOException, InterruptedException {
        Path prefix = Path.of("target", "redocly");
        Path cli = prefix.resolve(Path.of("node_modules", ".bin", "redocly"));
        if (!Files.isExecutable(cli)) {
            Result install = run(List.of("npm", "install", "--no-save", "--no-audit", "--no-fund",
                    "--prefix", prefix.toString(), REDOCLY));
            assertThat(install.exitCode()).as("npm install %s:%n%s", REDOCLY, install.output()).isZero();
        }
        return cli;
    }

    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(command);
        Process process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}
