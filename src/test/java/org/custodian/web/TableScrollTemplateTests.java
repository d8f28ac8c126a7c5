package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every table of every page sits in its own labelled, keyboard-focusable scrolling region, so a
 * wide table scrolls in its box and the page reflows at 320 CSS pixels (WCAG 1.4.10). The browser
 * test measures the pages it reaches; this catches a table on a page no test opens.
 */
class TableScrollTemplateTests {

    private static final Pattern TABLE = Pattern.compile("<table\\b");
    private static final Pattern WRAPPED = Pattern.compile("<div\\b([^>]*class=\"custodian-table-scroll\"[^>]*)>\\s*<table\\b");

    @Test
    void everyTableIsInALabelledFocusableScrollingRegion() throws IOException {
        List<Path> templates;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            templates = files.filter(path -> path.toString().endsWith(".html")).toList();
        }
        int tables = 0;
        for (Path template : templates) {
            String html = Files.readString(template);
            long found = TABLE.matcher(html).results().count();
            tables += (int) found;
            Matcher wrapped = WRAPPED.matcher(html);
            int regions = 0;
            while (wrapped.find()) {
                regions++;
                assertThat(wrapped.group(1)).as("the scrolling region of a table in %s", template)
                        .contains("role=\"region\"", "tabindex=\"0\"").containsPattern("aria-label(ledby)?=");
            }
            assertThat(regions).as("tables in their scrolling region in %s", template).isEqualTo(found);
        }
        assertThat(tables).as("tables found").isGreaterThan(30);
    }
}
