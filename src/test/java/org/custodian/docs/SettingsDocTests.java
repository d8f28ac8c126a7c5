package org.custodian.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/settings.md lists every {@code custodian.*} setting the application reads, and nothing else under
 * that prefix. The settings read are those in the configuration metadata the configuration processor
 * writes at compile time (from the {@code @ConfigurationProperties} records, plus
 * META-INF/additional-spring-configuration-metadata.json for the few read with {@code @Value}).
 */
class SettingsDocTests {

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
    private static final Path SETTINGS_DOC = Path.of("docs/settings.md");
    private static final Pattern TABLE_ROW_FIRST_CELL = Pattern.compile("(?m)^\\|([^|]*)\\|");
    private static final Pattern CUSTODIAN_SETTING = Pattern.compile("`(custodian\\.[a-z0-9.-]+)`");

    @Test
    void everySettingTheApplicationReadsIsDocumented() throws IOException {
        assertThat(documentedSettings())
                .as("custodian.* settings in the configuration metadata but missing from docs/settings.md")
                .containsAll(settingsInMetadata());
    }

    @Test
    void everyDocumentedSettingIsOneTheApplicationReads() throws IOException {
        assertThat(settingsInMetadata())
                .as("custodian.* settings documented in docs/settings.md but unknown to the application")
                .containsAll(documentedSettings());
    }

    @Test
    void everySettingInApplicationYmlHasMetadata() throws IOException {
        assertThat(settingsInMetadata())
                .as("custodian.* keys in application.yml without configuration metadata (a setting read "
                        + "with @Value needs an entry in additional-spring-configuration-metadata.json)")
                .containsAll(custodianKeysInApplicationYml());
    }

    private static Set<String> settingsInMetadata() throws IOException {
        JsonNode metadata = JsonMapper.builder().build().readTree(Files.readString(METADATA));
        Set<String> names = new TreeSet<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            if (name.startsWith("custodian.")) {
                names.add(name);
            }
        }
        assertThat(names).as("configuration metadata in " + METADATA).isNotEmpty();
        return names;
    }

    /** The custodian.* names in the first cell of docs/settings.md's table rows. */
    private static Set<String> documentedSettings() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher row = TABLE_ROW_FIRST_CELL.matcher(Files.readString(SETTINGS_DOC));
        while (row.find()) {
            Matcher setting = CUSTODIAN_SETTING.matcher(row.group(1));
            while (setting.find()) {
                names.add(setting.group(1));
            }
        }
        return names;
    }

    private static Set<String> custodianKeysInApplicationYml() throws IOException {
        try (InputStream yml = SettingsDocTests.class.getResourceAsStream("/application.yml")) {
            Map<String, Object> root = new Yaml().load(yml);
            Set<String> keys = new TreeSet<>();
            flatten("custodian", root.get("custodian"), keys);
            return keys;
        }
    }

    private static void flatten(String prefix, Object value, Set<String> keys) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix + "." + key, child, keys));
        } else {
            keys.add(prefix);
        }
    }
}
