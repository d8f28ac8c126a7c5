package org.custodian.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every class, test, method, migration and file that ARCHITECTURE.md's promise table names exists:
 * a renamed or removed one fails here rather than leaving the table pointing at nothing.
 */
class PromiseTableTests {

    private static final Path ARCHITECTURE = Path.of("ARCHITECTURE.md");
    private static final String TABLE_HEADING = "## Promise → where it is kept → the test that proves it";
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final List<Path> SOURCE_ROOTS = List.of(Path.of("src/main/java"), Path.of("src/test/java"));

    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    /** {@code [package.]Class[.member][…]}: a class name is CamelCase (constants like READMISSION are not). */
    private static final Pattern TYPE_REFERENCE = Pattern.compile(
            "@?((?:[a-z]\\w*\\.)*)([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*)(?:\\.(\\w+))?(…)?");
    /** {@code …memberPrefix…}: a member of the class named just before in the same cell. */
    private static final Pattern MEMBER_OF_PREVIOUS = Pattern.compile("…(\\w+)(…)?");
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)(?:__\\w+\\.sql)?");
    private static final Pattern MIGRATION_MENTION = Pattern.compile("\\bV(\\d+)(?!\\d)");
    private static final Pattern FILE = Pattern.compile("[\\w./-]+\\.(?:sh|yml|yaml|sql|md|properties)");

    private final Map<String, List<Path>> typesByName = typesByName();

    @Test
    void everyNameInThePromiseTableExists() {
        List<String> rows = promiseRows();
        assertThat(rows).as("rows of the promise table").hasSizeGreaterThan(20);

        List<String> missing = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split("(?<!\\\\)\\|");
            // cells[0] is empty (the row starts with |); 1 is the promise, 2 where it is kept, 3 the test.
            for (int cell = 2; cell < cells.length; cell++) {
                checkCell(cells[cell], missing);
                checkMigrations(cells[cell], missing);
            }
        }

        assertThat(missing).as("names in the promise table that do not exist").isEmpty();
    }

    private void checkCell(String cell, List<String> missing) {
        Path previousType = null;
        Matcher token = BACKTICKED.matcher(cell);
        while (token.find()) {
            String name = token.group(1).strip();
            Matcher type = TYPE_REFERENCE.matcher(name);
            Matcher member = MEMBER_OF_PREVIOUS.matcher(name);
            Matcher migration = MIGRATION.matcher(name);
            if (migration.matches()) {
                continue; // checked below, with the migrations named outside backticks
            } else if (type.matches()) {
                Optional<Path> file = typeFile(type.group(1), type.group(2));
                if (file.isEmpty()) {
                    missing.add(name + " (no such class)");
                    continue;
                }
                previousType = file.get();
                if (type.group(3) != null && !hasMember(file.get(), type.group(3), type.group(4) != null)) {
                    missing.add(name + " (no such member)");
                }
            } else if (member.matches() && previousType != null) {
                if (!hasMember(previousType, member.group(1), member.group(2) != null)) {
                    missing.add(name + " (no such member of " + previousType.getFileName() + ")");
                }
            } else if (FILE.matcher(name).matches() && !fileExists(name)) {
                missing.add(name + " (no such file)");
            }
        }
    }

    private static void checkMigrations(String cell, List<String> missing) {
        Matcher migration = MIGRATION_MENTION.matcher(cell);
        while (migration.find()) {
            if (!migrationExists(migration.group(1))) {
                missing.add(migration.group() + " (no such migration)");
            }
        }
    }

    private Optional<Path> typeFile(String packagePrefix, String simpleName) {
        String packagePath = packagePrefix.replace('.', '/');
        return typesByName.getOrDefault(simpleName, List.of()).stream()
                .filter(file -> file.toString().replace('\\', '/').contains("/org/custodian/" + packagePath))
                .findFirst();
    }

    /** A method, field or nested type of that name (or, for a prefix, starting so) in the file. */
    private static boolean hasMember(Path file, String name, boolean prefix) {
        String pattern = "\\b" + Pattern.quote(name) + (prefix ? "\\w*" : "\\b");
        return Pattern.compile(pattern).matcher(read(file)).find();
    }

    private static boolean migrationExists(String version) {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith("V" + version + "__"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean fileExists(String name) {
        if (name.contains("/")) {
            return Files.exists(Path.of(name));
        }
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            return Files.exists(Path.of(name)) || files.anyMatch(file -> file.getFileName().toString().equals(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> promiseRows() {
        List<String> lines = lines(ARCHITECTURE);
        int start = lines.indexOf(TABLE_HEADING);
        assertThat(start).as(ARCHITECTURE + " has the section " + TABLE_HEADING).isNotNegative();
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("|") && !line.startsWith("|---") && !line.startsWith("| promise |")) {
                rows.add(line);
            }
        }
        return rows;
    }

    /** Java files by simple name; a nested type counts under its own name too. */
    private static Map<String, List<Path>> typesByName() {
        Map<String, List<Path>> types = new HashMap<>();
        Pattern nested = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");
        for (Path root : SOURCE_ROOTS) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                    String simple = file.getFileName().toString().replace(".java", "");
                    types.computeIfAbsent(simple, n -> new ArrayList<>()).add(file);
                    Matcher declared = nested.matcher(read(file));
                    while (declared.find()) {
                        if (!declared.group(1).equals(simple)) {
                            types.computeIfAbsent(declared.group(1), n -> new ArrayList<>()).add(file);
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return types;
    }

    private static String read(Path file) {
        return String.join("\n", lines(file));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
