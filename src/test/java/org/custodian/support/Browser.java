package org.custodian.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real HTTP client with a cookie jar: signs in through the login form like a person would and
 * then calls pages and the API with the session and its CSRF token.
 */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private final java.util.Set<String> cookiesSet = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final CookieManager cookies = new CookieManager() {
        @Override
        public void put(URI uri, Map<String, java.util.List<String>> headers) throws java.io.IOException {
            headers.forEach((name, values) -> {
                if ("Set-Cookie".equalsIgnoreCase(name)) {
                    values.forEach(value -> cookiesSet.add(value.substring(0, value.indexOf('=')).strip()));
                }
            });
            super.put(uri, headers);
        }
    };
    private final String[] everyRequestHeaders;

    public Browser(int port) {
        this(port, new String[0]);
    }

    /**
     * A browser whose every request carries these headers (name, value pairs) unless the request sets
     * them itself, e.g. a reverse proxy's {@code X-Forwarded-For} or a browser's {@code Sec-Fetch-*}.
     */
    public Browser(int port, String... everyRequestHeaders) {
        this.everyRequestHeaders = everyRequestHeaders.clone();
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Signs in; returns the response to the login POST (a redirect). */
    public HttpResponse<String> signIn(String username, String password) {
        String token = csrfFrom(get("/login").body());
        return send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "username", username, "password", password, "_csrf", token)))));
    }

    /** The name of every cookie the server has set in this browser (including ones it later cleared). */
    public java.util.Set<String> cookieNamesSet() {
        return java.util.Set.copyOf(cookiesSet);
    }

    /** The value of a cookie this browser holds, if it holds one of that name. */
    public java.util.Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst();
    }

    /** Sets a cookie as if the server had (for another browser's cookie, or a forged one). */
    public void setCookie(String name, String value) {
        var cookie = new java.net.HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(base), cookie);
    }

    /** Forgets a cookie, as a browser whose user cleared it. */
    public void removeCookie(String name) {
        var store = cookies.getCookieStore();
        store.getCookies().stream().filter(c -> c.getName().equals(name)).toList()
                .forEach(c -> store.remove(null, c));
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json, text/html").GET());
    }

    /** A form POST with the CSRF token taken from the page at {@code formPage}. */
    public HttpResponse<String> postForm(String formPage, String path, Map<String, String> fields) {
        var withToken = new java.util.HashMap<>(fields);
        withToken.put("_csrf", csrfFrom(get(formPage).body()));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(withToken))));
    }

    /** As {@link #postForm(String, String, Map)}, with fields that repeat (ticked checkboxes of one name). */
    public HttpResponse<String> postForm(String formPage, String path, List<Map.Entry<String, String>> fields) {
        String body = Stream.concat(fields.stream(), Stream.of(Map.entry("_csrf", csrfFrom(get(formPage).body()))))
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A JSON POST carrying the session's CSRF token, as a browser-based API client would. */
    public HttpResponse<String> postJson(String path, String json) {
        String token = csrfFrom(get("/login").body());
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-CSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A DELETE carrying the session's CSRF token, as a browser-based API client would. */
    public HttpResponse<String> delete(String path) {
        String token = csrfFrom(get("/login").body());
        return send(HttpRequest.newBuilder(uri(path))
                .header("Accept", "application/json")
                .header("X-CSRF-TOKEN", token)
                .DELETE());
    }

    /**
     * A JSON API call with extra headers given as name, value pairs (e.g. {@code Custodian-Purpose});
     * calls other than GET carry the session's CSRF token.
     * A header given here replaces the default of the same name (e.g. {@code Accept}).
     */
    public HttpResponse<String> api(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (!method.equals("GET")) {
            request.header("X-CSRF-TOKEN", csrfFrom(get("/login").body()));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /**
     * A {@code multipart/form-data} POST with one file part named {@code file} and plain fields, carrying
     * the session's CSRF token (when signed in) and extra headers as name, value pairs.
     */
    public HttpResponse<String> upload(String path, String fileName, byte[] content, Map<String, String> fields,
                                       String... headers) {
        return upload(path, fileName, HttpRequest.BodyPublishers.ofByteArray(content), fields, headers);
    }

    /** As {@link #upload(String, String, byte[], Map, String...)}, the file streamed from disk (benchmarks' large files). */
    public HttpResponse<String> upload(String path, String fileName, java.nio.file.Path content, Map<String, String> fields,
                                       String... headers) {
        try {
            return upload(path, fileName, HttpRequest.BodyPublishers.ofFile(content), fields, headers);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> upload(String path, String fileName, HttpRequest.BodyPublisher content,
                                        Map<String, String> fields, String... headers) {
        String boundary = "----custodian-test-" + java.util.UUID.randomUUID();
        var head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(fileName).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head.toString()), content,
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")));
        if (!cookies.getCookieStore().getCookies().isEmpty()) {
            request.header("X-CSRF-TOKEN", csrfFrom(get("/login").body()));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.build();
            if (everyRequestHeaders.length > 0) {
                for (int i = 0; i < everyRequestHeaders.length; i += 2) {
                    if (built.headers().firstValue(everyRequestHeaders[i]).isEmpty()) {
                        request.header(everyRequestHeaders[i], everyRequestHeaders[i + 1]);
                    }
                }
                built = request.build();
            }
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The cookies this browser holds, as a {@code Cookie} request header (for other HTTP clients). */
    public String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream().map(Object::toString).collect(Collectors.joining("; "));
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    static String csrfFrom(String html) {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new IllegalStateException("No CSRF token on the page");
        }
        return matcher.group(1);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
