package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

import org.custodian.support.Browser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the Manage Users, invitation and sign-in events tests share: JSON calls, invitation emails. */
final class StaffTesting {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("(https://localhost:8443/invitations/([A-Za-z0-9_-]+))");

    private StaffTesting() {
    }

    /** A JSON call with any method, carrying the session's CSRF token as a browser-based client would. */
    static HttpResponse<String> call(Browser browser, String method, String path, String json) {
        return browser.send(HttpRequest.newBuilder(browser.uri(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-CSRF-TOKEN", csrf(browser.get("/login").body()))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
        return matcher.group(1);
    }

    /** Invites through the Manage Users page; returns the new account's id. */
    static UUID invite(Browser admin, String name, String email, Role role) {
        var response = admin.postForm("/school/users/invite", "/school/users/invite",
                Map.of("name", name, "email", email, "role", role.name()));
        assertThat(response.statusCode()).as("invitation accepted by the form").isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    /** The invitation links emailed to {@code address} so far, oldest first; waits for {@code expected}. */
    static List<String> invitationLinks(GreenMail mail, String address, int expected) throws Exception {
        List<String> links = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            links.clear();
            for (MimeMessage message : mail.getReceivedMessages()) {
                if (message.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                    assertThat(message.getSubject()).isEqualTo("You have been invited to Custodian");
                    Matcher matcher = LINK.matcher(String.valueOf(message.getContent()));
                    assertThat(matcher.find()).as("an invitation link in the email").isTrue();
                    links.add(matcher.group(1));
                }
            }
            if (links.size() >= expected) {
                return links;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Expected " + expected + " invitation emails, got " + links.size());
    }

    /** The path part of an emailed link, to call the test server with. */
    static String path(String link) {
        return link.substring("https://localhost:8443".length());
    }
}
