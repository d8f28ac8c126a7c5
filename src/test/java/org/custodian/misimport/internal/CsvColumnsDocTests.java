package org.custodian.misimport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.custodian.misimport.internal.CsvColumns.Column;
import org.junit.jupiter.api.Test;

/**
 * The column reference exists twice, generated from one source: docs/csv-columns.md for people who
 * read the code, the import help page for school staff. Both come from {@link CsvColumns}; this
 * checks the document's two tables list exactly the columns, in the same order, with exactly the
 * same header names, and mark exactly the required ones.
 */
class CsvColumnsDocTests {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void theDocumentsTablesListExactlyTheReadersColumnsAndNames() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/csv-columns.md"));
        Map<String, List<String>> fields = table(lines, "| Field | Accepted header names | Value rules |");
        Map<String, List<String>> categories = table(lines, "| Category (`OptionalCategory`) | Accepted header names |");

        Map<String, List<String>> expectedFields = new LinkedHashMap<>();
        Map<String, List<String>> expectedCategories = new LinkedHashMap<>();
        for (Column column : Column.values()) {
            if (column.category() == null) {
                expectedFields.put(column.label() + (column.required() ? " (required)" : ""), column.aliases());
            } else {
                expectedCategories.put("`" + column.category().name() + "`", column.aliases());
            }
        }
        assertThat(fields).as("the Field table").containsExactlyEntriesOf(expectedFields);
        assertThat(categories).as("the category table").containsExactlyEntriesOf(expectedCategories);
    }

    @Test
    void everyColumnHasALabelInWords() {
        assertThat(Arrays.stream(Column.values()).map(Column::label))
                .allSatisfy(label -> assertThat(label).matches("[A-Z][A-Za-z0-9 ()-]+").doesNotContain("_"))
                .doesNotHaveDuplicates();
    }

    /** The rows of the table under this header line: first cell, and the names in the second cell. */
    private static Map<String, List<String>> table(List<String> lines, String header) {
        int start = lines.indexOf(header);
        assertThat(start).as("docs/csv-columns.md has the table %s", header).isNotNegative();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            Matcher names = CODE.matcher(cells[2]);
            List<String> aliases = new java.util.ArrayList<>();
            while (names.find()) {
                aliases.add(names.group(1));
            }
            rows.put(cells[1].strip(), aliases);
        }
        return rows;
    }
}
