package org.custodian;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private static final Pattern MODULE_ROW = Pattern.compile("^\\|\\s*`(\\w+)`[^|]*\\|.*\\|([^|]*)\\|\\s*$");
    private static final Pattern NAME = Pattern.compile("`(\\w+)`");

    private final ApplicationModules modules = ApplicationModules.of(CustodianApplication.class);

    /** Fails if a module reaches into another's internal package or the modules form a cycle. */
    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    /** The module diagrams and canvases, generated into target/spring-modulith-docs. */
    @Test
    void writesTheModuleDocumentation() {
        new Documenter(modules).writeDocumentation();

        assertThat(Path.of("target/spring-modulith-docs/components.puml")).exists();
    }

    /** ARCHITECTURE.md's module map lists every module and, in "depends on", exactly what it uses. */
    @Test
    void theArchitectureModuleMapNamesEachModulesDependencies() throws IOException {
        Map<String, Set<String>> actual = new TreeMap<>();
        for (ApplicationModule module : modules) {
            actual.put(module.getIdentifier().toString(), module.getDirectDependencies(modules).uniqueModules()
                    .map(target -> target.getIdentifier().toString())
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        Map<String, Set<String>> documented = new TreeMap<>();
        List<String> lines = Files.readAllLines(Path.of("ARCHITECTURE.md"));
        int start = lines.indexOf("## Module map");
        assertThat(start).as("ARCHITECTURE.md has a module map").isNotNegative();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            Matcher row = MODULE_ROW.matcher(line);
            if (row.matches()) {
                Set<String> dependencies = new TreeSet<>();
                Matcher name = NAME.matcher(row.group(2));
                while (name.find()) {
                    dependencies.add(name.group(1));
                }
                documented.put(row.group(1), dependencies);
            }
        }

        assertThat(documented).isEqualTo(actual);
    }
}
