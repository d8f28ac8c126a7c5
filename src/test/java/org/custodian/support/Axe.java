package org.custodian.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core (the copy carried by {@code com.deque.html.axe-core:selenium}) on the page a browser
 * shows, for the WCAG 2.0, 2.1 and 2.2 A and AA rules. The script goes in through WebDriver's script
 * execution, which a page's Content-Security-Policy does not govern, so the production policy stays
 * as it is.
 */
public final class Axe {

    private static final String SOURCE = load();

    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            const scan = () => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
                               resultTypes: ['violations']})
               .then(results => done(results.violations.map(v => ({
                   id: v.id, impact: String(v.impact), help: v.help,
                   targets: v.nodes.map(n => n.target.join(' '))}))))
               .catch(error => done([{id: 'axe-error', impact: 'n/a', help: String(error), targets: []}]));
            // After a click the driver does not wait for the next page: scanned before its style sheet
            // applies, white header text sits on no background. Wait (at most 5 s) for the page to load.
            (function whenLoaded(tries) {
                if (document.readyState === 'complete' || tries >= 100) { scan(); } else { setTimeout(() => whenLoaded(tries + 1), 50); }
            })(0);
            """;

    private Axe() {
    }

    /** One rule broken on one page, with the CSS selectors of the elements that break it. */
    public record Violation(String page, String rule, String impact, String help, List<String> targets) {
        @Override
        public String toString() {
            return page + " — " + rule + " (" + impact + "): " + help + " at " + targets;
        }
    }

    /** The WCAG A/AA violations on the page the driver shows now, named by {@code page}. */
    @SuppressWarnings("unchecked")
    public static List<Violation> violations(WebDriver driver, String page) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        // Loaded and run in one script: a page that replaces itself between two scripts (a progress
        // page polling, a redirect) would otherwise lose axe before it runs.
        Object found = js.executeAsyncScript("if (typeof window.axe !== 'object') {\n" + SOURCE + "\n}\n" + RUN);
        List<Violation> violations = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) found) {
            violations.add(new Violation(page, (String) v.get("id"), (String) v.get("impact"), (String) v.get("help"),
                    (List<String>) v.get("targets")));
        }
        return violations;
    }

    private static String load() {
        try (InputStream in = Axe.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test class path (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
