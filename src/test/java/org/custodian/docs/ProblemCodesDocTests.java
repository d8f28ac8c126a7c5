package org.custodian.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * docs/problems.md lists every problem code the application can answer, with its HTTP status, and
 * nothing else: the codes are read from the source, wherever a problem detail is built.
 */
class ProblemCodesDocTests {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Path PAGE = Path.of("docs/problems.md");

    private static final String CODE = "([a-z0-9]+(?:-[a-z0-9]+)*)";
    private static final Map<String, HttpStatus> FACTORIES = Map.of("notFound", HttpStatus.NOT_FOUND,
            "conflict", HttpStatus.CONFLICT, "badRequest", HttpStatus.BAD_REQUEST, "forbidden", HttpStatus.FORBIDDEN);

    /** {@code ProblemException.badRequest(x, …)}: x is the code. */
    private static final Pattern FACTORY_CALL = Pattern.compile(
            "ProblemException\\.(notFound|conflict|badRequest|forbidden)\\(\\s*([^,)]+)");
    /** {@code new ProblemException(status, x, …)} and {@code Problems.of(status, x, …)}. */
    private static final Pattern CONSTRUCTION = Pattern.compile(
            "(?:new ProblemException|Problems\\.of)\\(\\s*([^,]+?),\\s*([^,)]+)");
    private static final Pattern STATUS_CONSTANT = Pattern.compile("(?:[\\w.]*\\.)?HttpStatus\\.(\\w+)");
    private static final Pattern LITERAL = Pattern.compile("\"" + CODE + "\"");
    /** A page built from a code: {@code view.addObject("code", "x")}. */
    private static final Pattern PAGE_CODE = Pattern.compile("addObject\\(\"code\",\\s*\"" + CODE + "\"");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]*)\\|");

    /** What the page lists under "Problem codes": code → statuses. */
    @Test
    void thePageListsEveryProblemCodeTheApplicationAnswersAndNoOther() {
        Map<String, Set<Integer>> answered = answeredCodes();
        Map<String, Set<Integer>> listed = table("## Problem codes");

        assertThat(answered).as("codes found in the source").isNotEmpty();
        assertThat(listed.keySet()).as("codes answered but missing from " + PAGE)
                .containsAll(answered.keySet());
        assertThat(answered.keySet()).as("codes in " + PAGE + " that nothing answers")
                .containsAll(listed.keySet());
        answered.forEach((code, statuses) -> {
            if (!statuses.isEmpty()) {
                assertThat(listed.get(code)).as("HTTP status of `" + code + "` in " + PAGE).isEqualTo(statuses);
            }
        });
    }

    @Test
    void thePageListsEveryFieldRuleCodeAndNoOther() {
        Set<String> rules = new TreeSet<>();
        Pattern helper = Pattern.compile("\\berror\\(\\s*[^,]+,\\s*\"" + CODE + "\"");
        Pattern inline = Pattern.compile("\"field\",\\s*[^,]+,\\s*\"code\",\\s*\"" + CODE + "\"");
        sources().forEach((file, text) -> {
            if (text.contains("Map<String, String> error(String field, String code")) {
                collect(helper, text, rules);
            }
            collect(inline, text, rules);
        });

        assertThat(rules).isNotEmpty();
        assertThat(table("## Field rules").keySet()).isEqualTo(rules);
    }

    @Test
    void aCodePassedThroughAVariableIsOneThisTestKnowsHowToRead() {
        // Guards the completeness of answeredCodes(): a new indirect source needs a reader there.
        List<String> unknown = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        sources().forEach((file, text) -> {
            for (String argument : codeArguments(text)) {
                if (LITERAL.matcher(argument).matches()) {
                    continue;
                }
                if (INDIRECT.containsKey(file + " " + argument)) {
                    seen.add(file + " " + argument);
                } else {
                    unknown.add(file + ": " + argument);
                }
            }
        });
        assertThat(unknown).as("codes passed through a variable: teach answeredCodes() to read them").isEmpty();
        assertThat(seen).as("indirect sources this test reads that no longer exist").isEqualTo(INDIRECT.keySet());
    }

    /** Call sites whose code is not a literal, and where their codes are read from. */
    private static final Map<String, String> INDIRECT = Map.of(
            "ProblemException.java code", "the factories themselves",
            "ApiExceptionHandler.java e.code(", "passes on a ProblemException's code",
            "PageExceptionHandler.java e.code(", "passes on a ProblemException's code",
            "ErrorPageController.java codeFor(status", "ErrorPageController.codeFor",
            "CrossSiteRequestFilter.java CODE", "CrossSiteRequestFilter.CODE",
            "SignInStageFilter.java stage.problemCode(", "SignInStage's constants",
            "ApiTokenFilter.java code", "ApiTokenFilter.refuse calls",
            "ReviewParameters.java code", "ReviewParameters.uuid calls");

    private static List<String> codeArguments(String text) {
        List<String> arguments = new ArrayList<>();
        Matcher factory = FACTORY_CALL.matcher(text);
        while (factory.find()) {
            arguments.add(factory.group(2).strip());
        }
        Matcher construction = CONSTRUCTION.matcher(text);
        while (construction.find()) {
            arguments.add(construction.group(2).strip());
        }
        return arguments;
    }

    static Map<String, Set<Integer>> answeredCodes() {
        Map<String, Set<Integer>> codes = new TreeMap<>();
        sources().forEach((file, text) -> {
            Matcher factory = FACTORY_CALL.matcher(text);
            while (factory.find()) {
                literal(factory.group(2)).ifPresent(code -> add(codes, code, FACTORIES.get(factory.group(1))));
            }
            Matcher construction = CONSTRUCTION.matcher(text);
            while (construction.find()) {
                Matcher status = STATUS_CONSTANT.matcher(construction.group(1).strip());
                HttpStatus known = status.matches() ? HttpStatus.valueOf(status.group(1)) : null;
                literal(construction.group(2)).ifPresent(code -> add(codes, code, known));
            }
            Matcher page = PAGE_CODE.matcher(text);
            while (page.find()) {
                add(codes, page.group(1), null);
            }
            switch (file) {
                case "ErrorPageController.java" -> errorPageCodes(text, codes);
                case "CrossSiteRequestFilter.java" -> read(text, "CODE = \"" + CODE + "\"", HttpStatus.FORBIDDEN, codes);
                case "SignInStage.java" -> read(text, "\\(\\s*\"/[^\"]*\",\\s*\"" + CODE + "\"", HttpStatus.FORBIDDEN, codes);
                case "ApiTokenFilter.java" -> read(text, "refuse\\(response,\\s*\"\\w+\",\\s*\"" + CODE + "\"",
                        HttpStatus.UNAUTHORIZED, codes);
                case "ReviewParameters.java" -> read(text, "uuid\\(value,\\s*\"" + CODE + "\"", HttpStatus.BAD_REQUEST, codes);
                default -> {
                }
            }
        });
        return codes;
    }

    /** {@code case NOT_FOUND -> "not-found"}, the 5xx default, and {@code "http-" + status} for the rest. */
    private static void errorPageCodes(String text, Map<String, Set<Integer>> codes) {
        int start = text.indexOf("static String codeFor(HttpStatus status)");
        String method = text.substring(start, text.indexOf("static String messageFor", start));
        Matcher cases = Pattern.compile("case (\\w+) -> \"" + CODE + "\"").matcher(method);
        while (cases.find()) {
            add(codes, cases.group(2), HttpStatus.valueOf(cases.group(1)));
        }
        if (method.contains("is5xxServerError() ? \"internal-error\"")) {
            add(codes, "internal-error", HttpStatus.INTERNAL_SERVER_ERROR);
        }
        if (method.contains("\"http-\" + status.value()")) {
            add(codes, "http-<status>", null);
        }
    }

    private static void read(String text, String regex, HttpStatus status, Map<String, Set<Integer>> codes) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            add(codes, matcher.group(matcher.groupCount()), status);
        }
    }

    private static void add(Map<String, Set<Integer>> codes, String code, HttpStatus status) {
        Set<Integer> statuses = codes.computeIfAbsent(code, c -> new TreeSet<>());
        if (status != null) {
            statuses.add(status.value());
        }
    }

    private static java.util.Optional<String> literal(String argument) {
        Matcher matcher = LITERAL.matcher(argument.strip());
        return matcher.matches() ? java.util.Optional.of(matcher.group(1)) : java.util.Optional.empty();
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    /** The rows of the table under {@code heading}: code (first column) → statuses named in the second. */
    static Map<String, Set<Integer>> table(String heading) {
        List<String> lines = lines(PAGE);
        int start = lines.indexOf(heading);
        assertThat(start).as(PAGE + " has a section " + heading).isNotNegative();
        Map<String, Set<Integer>> rows = new TreeMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Set<Integer> statuses = new TreeSet<>();
                Matcher number = Pattern.compile("\\b([1-5]\\d\\d)\\b").matcher(row.group(2));
                while (number.find()) {
                    statuses.add(Integer.parseInt(number.group(1)));
                }
                assertThat(rows.put(row.group(1), statuses)).as("`" + row.group(1) + "` listed twice").isNull();
            }
        }
        return rows;
    }

    private static Map<String, String> sources() {
        Map<String, String> texts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> texts.merge(
                    file.getFileName().toString(), String.join("\n", lines(file)), (a, b) -> a + "\n" + b));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
