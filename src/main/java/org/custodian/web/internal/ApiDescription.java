package org.custodian.web.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.custodian.web.PublicEndpoint;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Makes the served description say what every operation really does, without each controller
 * having to: a resource tag and a summary, its security, the media types it speaks, the problem
 * answers every API call can get (and those its path or headers add), and closed request bodies.
 * A controller states only what cannot be seen from its mapping: a success status other than 200
 * ({@code @ApiResponse}), response headers such as {@code ETag}, the type of a file it writes.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String SESSION = "session";
    static final String CSRF = "csrfToken";
    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String API_PREFIX = "/api/v1/";
    private static final String SCHEMA_REF = "#/components/schemas/";
    private static final String RESPONSE_REF = "#/components/responses/";

    /** Words a tag or summary writes in capitals, or otherwise than the path or method spells them. */
    private static final Map<String, String> WORDS = Map.of("api", "API", "isa", "ISA", "csv", "CSV", "pdf", "PDF",
            "upn", "UPN", "dpo", "DPO", "id", "ID", "json", "JSON", "mis", "MIS");

    /** The problem answers, by status: what each means here and the codes a client can match on. */
    private static final Map<String, ProblemAnswer> PROBLEMS = new LinkedHashMap<>();

    static {
        problem("400", "BadRequest", "The request is malformed or breaks a rule: a body that does not parse or has an "
                + "unknown property (`unknown-property`, with a `pointer`), a field that breaks its rules "
                + "(`validation-failed`, with `errors`), a bad parameter (`invalid-parameter`, "
                + "`malformed-parameters`), a header that is not UTF-8 text (`header-not-utf8`), or a code of the "
                + "operation's own (see docs/problems.md).");
        problem("401", "Unauthenticated", "No valid credentials: not signed in (`unauthenticated`), a session past "
                + "its lifetime (`session-expired`), or an API token that is unknown, revoked or expired "
                + "(`invalid-token`).");
        problem("403", "Forbidden", "Not allowed: the caller's role or token scope (`forbidden`), a missing or "
                + "wrong CSRF token (`csrf-token-invalid`), a cross-site request (`cross-site-request`), an unfinished "
                + "sign-in step, or a rule of the operation (e.g. `purpose-not-allowed`).");
        problem("404", "NotFound", "Nothing with that id at the caller's school (another school's answers the same); "
                + "the code names what is missing, e.g. `pupil-not-found`.");
        problem("406", "NotAcceptable", "The `Accept` header does not parse or asks only for types this operation "
                + "does not answer in (`not-acceptable`). Nothing was read or changed.");
        problem("409", "Conflict", "The change conflicts with the current state (the code says how).");
        problem("412", "PreconditionFailed", "The `If-Match` ETag is not the record's current version "
                + "(`version-mismatch`): read it again, then make the change.");
        problem("413", "ContentTooLarge", "The upload is larger than allowed (`file-too-large`).");
        problem("415", "UnsupportedMediaType", "The body's `Content-Type` is not one this operation reads, is a "
                + "wildcard, or does not parse (`unsupported-media-type`).");
        problem("428", "PreconditionRequired", "A change without `If-Match` (`if-match-required`): send the `ETag` "
                + "of the record you read.");
        problem("500", "InternalError", "A fault on the server (`internal-error`). The answer carries `requestId`; "
                + "its detail says whether anything was changed.");
    }

    private record ProblemAnswer(String component, String description) {
    }

    private static void problem(String status, String name, String description) {
        PROBLEMS.put(status, new ProblemAnswer(name, description));
    }

    @Bean
    static GlobalOperationCustomizer truthfulOperations() {
        return ApiDescription::describe;
    }

    @Bean
    static GlobalOpenApiCustomizer truthfulComponents() {
        return ApiDescription::complete;
    }

    static Operation describe(Operation operation, HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        RequestMapping typeMapping = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        String path = path(typeMapping, mapping);
        Set<RequestMethod> methods = mapping == null ? Set.of() : Set.of(mapping.method());
        boolean safe = !methods.isEmpty() && methods.stream().allMatch(m -> m == RequestMethod.GET || m == RequestMethod.HEAD);

        if (!hasTagAnnotation(handler)) {
            operation.setTags(new ArrayList<>(List.of(tag(path))));
        }
        String derived = summary(handler.getMethod().getName(), path,
                methods.isEmpty() ? null : methods.iterator().next());
        if (operation.getSummary() == null || operation.getSummary().isBlank()) {
            operation.setSummary(derived);
        }
        io.swagger.v3.oas.annotations.Operation declared = AnnotatedElementUtils.findMergedAnnotation(
                handler.getMethod(), io.swagger.v3.oas.annotations.Operation.class);
        if (declared == null || declared.operationId().isBlank()) {
            operation.setOperationId(operationId(derived));
        }
        security(operation, handler, safe);
        mediaTypes(operation, handler, mapping);
        ifMatch(operation);
        problems(operation, path, mapping);
        return operation;
    }

    // --- tags and summaries ----------------------------------------------------------------------

    /** The resource: the path's first segment after /api/v1/ ("/api/v1/rights-requests/{id}" is "Rights requests"). */
    static String tag(String path) {
        String rest = path.startsWith(API_PREFIX) ? path.substring(API_PREFIX.length()) : path.replaceFirst("^/", "");
        String first = rest.split("/", 2)[0];
        if (first.isBlank() || first.startsWith("{")) {
            return "Other";
        }
        return sentence(Arrays.asList(first.split("[-_.]")));
    }

    /**
     * A readable summary from the method name ({@code createPupil} is "Create pupil"). A one-word
     * name gets the resource it acts on, the path's last named segment ({@code list} on
     * {@code /pupils} is "List pupils", {@code read} of {@code /pupils/{id}} "Read pupil"); a name
     * that is the resource itself ({@code purposes}) gets the HTTP method's verb ("Get purposes").
     */
    static String summary(String methodName, String path, RequestMethod method) {
        List<String> words = new ArrayList<>(Arrays.asList(methodName.split("(?<=[a-z0-9])(?=[A-Z])|_")));
        words.removeIf(String::isBlank);
        if (words.size() == 1) {
            String word = words.get(0).toLowerCase(Locale.ROOT);
            List<String> segments = Arrays.stream(path.split("/")).filter(segment -> !segment.isBlank()).toList();
            List<Integer> named = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                if (!segments.get(i).contains("{")) {
                    named.add(i);
                }
            }
            String object = named.isEmpty() ? "" : phrase(segments, named.get(named.size() - 1));
            if (word.equals("create")) {
                object = singular(object);
            }
            if (Arrays.stream(object.split(" ")).noneMatch(w -> sameStem(w, word))) {
                return sentence(List.of(word, object));
            }
            // The method is named after its path's last segment: an action on the resource before it
            // (POST /imports/{id}/commit is "Commit import"), or a read of the segment ("Get checkpoint").
            boolean action = method != null && method != RequestMethod.GET && method != RequestMethod.HEAD;
            if (action && named.size() > 1 && named.get(named.size() - 2) >= 2) {
                return sentence(List.of(word, phrase(segments, named.get(named.size() - 2))));
            }
            return sentence(List.of(verb(method), object));
        }
        return sentence(words);
    }

    /** A named segment as words, singular when a variable follows it ({@code pupils/{id}} is "pupil"). */
    private static String phrase(List<String> segments, int index) {
        String words = String.join(" ", segments.get(index).split("[-_.]")).toLowerCase(Locale.ROOT);
        boolean one = index + 1 < segments.size() && segments.get(index + 1).contains("{");
        return one ? singular(words) : words;
    }

    /** "restrict" and "restriction", "approve" and "approval", "purposes" and "purpose". */
    private static boolean sameStem(String a, String b) {
        if (singular(a).equals(singular(b))) {
            return true;
        }
        int common = 0;
        while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        return common >= 5;
    }

    private static String verb(RequestMethod method) {
        if (method == null) {
            return "Get";
        }
        return switch (method) {
            case POST -> "Create";
            case PUT -> "Set";
            case PATCH -> "Update";
            case DELETE -> "Delete";
            default -> "Get";
        };
    }

    /** A stable operation id from the derived summary ("Read pupil" is {@code readPupil}), not from scan order. */
    static String operationId(String derivedSummary) {
        StringBuilder id = new StringBuilder();
        for (String word : derivedSummary.split("[^A-Za-z0-9]+")) {
            if (word.isEmpty()) {
                continue;
            }
            String lower = word.toLowerCase(Locale.ROOT);
            id.append(id.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
        }
        return id.toString();
    }

    private static String singular(String plural) {
        if (plural.endsWith("ies")) {
            return plural.substring(0, plural.length() - 3) + "y";
        }
        if (plural.endsWith("s") && !plural.endsWith("ss")) {
            return plural.substring(0, plural.length() - 1);
        }
        return plural;
    }

    private static String sentence(List<String> phrases) {
        StringBuilder text = new StringBuilder();
        for (String word : phrases.stream().flatMap(phrase -> Arrays.stream(phrase.split(" "))).toList()) {
            if (word.isBlank()) {
                continue;
            }
            String lower = word.toLowerCase(Locale.ROOT);
            String written = WORDS.getOrDefault(lower, lower);
            if (text.isEmpty()) {
                written = Character.toUpperCase(written.charAt(0)) + written.substring(1);
            } else {
                text.append(' ');
            }
            text.append(written);
        }
        return text.toString();
    }

    private static boolean hasTagAnnotation(HandlerMethod handler) {
        Class<io.swagger.v3.oas.annotations.tags.Tag> tag = io.swagger.v3.oas.annotations.tags.Tag.class;
        return AnnotatedElementUtils.hasAnnotation(handler.getMethod(), tag)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), tag);
    }

    private static String path(RequestMapping type, RequestMapping method) {
        String base = type == null || paths(type).length == 0 ? "" : paths(type)[0];
        String own = method == null || paths(method).length == 0 ? "" : paths(method)[0];
        return base + own;
    }

    private static String[] paths(RequestMapping mapping) {
        return mapping.path().length > 0 ? mapping.path() : mapping.value();
    }

    // --- security --------------------------------------------------------------------------------

    /**
     * Public endpoints declare none; every other operation takes a signed-in session (plus the CSRF
     * token for a change). Operations an API token may call get its requirement from the identity module.
     */
    private static void security(Operation operation, HandlerMethod handler, boolean safe) {
        if (AnnotatedElementUtils.hasAnnotation(handler.getMethod(), PublicEndpoint.class)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), PublicEndpoint.class)) {
            operation.setSecurity(new ArrayList<>());
            return;
        }
        SecurityRequirement session = new SecurityRequirement().addList(SESSION);
        if (!safe) {
            session.addList(CSRF);
        }
        List<SecurityRequirement> requirements = new ArrayList<>();
        requirements.add(session);
        if (operation.getSecurity() != null) {
            requirements.addAll(operation.getSecurity());
        }
        operation.setSecurity(requirements);
    }

    // --- media types ---------------------------------------------------------------------------

    /**
     * Success answers in what the mapping produces; without {@code produces}, JSON for a JSON body,
     * and for bytes or text the type the controller declares in its {@code @ApiResponse} (else
     * {@code application/octet-stream} or {@code text/plain}, never {@code *}{@code /*}).
     */
    private static void mediaTypes(Operation operation, HandlerMethod handler, RequestMapping mapping) {
        if (operation.getResponses() == null) {
            return;
        }
        List<String> produces = mapping == null ? List.of() : Arrays.asList(mapping.produces());
        Class<?> body = bodyType(handler);
        for (Map.Entry<String, ApiResponse> entry : operation.getResponses().entrySet()) {
            if (!entry.getKey().startsWith("2") || entry.getValue().getContent() == null) {
                continue;
            }
            if (declaresContent(handler, entry.getKey())) {
                continue;
            }
            Content content = entry.getValue().getContent();
            if (content.isEmpty() || body == Void.class || body == void.class) {
                entry.getValue().setContent(null);
                continue;
            }
            Schema<?> schema = content.values().iterator().next().getSchema();
            List<String> types = !produces.isEmpty() ? produces.stream().map(ApiDescription::bare).toList()
                    : isBytes(body) ? List.of("application/octet-stream")
                    : body == String.class ? List.of("text/plain")
                    : List.of("application/json");
            Content typed = new Content();
            for (String type : types) {
                Schema<?> typedSchema = isBytes(body) ? new BinarySchema()
                        : body == String.class ? new StringSchema() : schema;
                typed.addMediaType(type, new MediaType().schema(typedSchema));
            }
            entry.getValue().setContent(typed);
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            Content request = operation.getRequestBody().getContent();
            MediaType any = request.remove("*/*");
            if (any != null) {
                request.addMediaType("application/json", any);
            }
        }
    }

    /** Whether the controller typed this answer itself ({@code @ApiResponse} with content). */
    private static boolean declaresContent(HandlerMethod handler, String status) {
        return AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(),
                        io.swagger.v3.oas.annotations.responses.ApiResponse.class,
                        io.swagger.v3.oas.annotations.responses.ApiResponses.class).stream()
                .anyMatch(response -> response.responseCode().equals(status) && response.content().length > 0);
    }

    private static String bare(String mediaType) {
        return org.springframework.http.MediaType.parseMediaType(mediaType).getType() + "/"
                + org.springframework.http.MediaType.parseMediaType(mediaType).getSubtype();
    }

    private static Class<?> bodyType(HandlerMethod handler) {
        ResolvableType type = ResolvableType.forMethodParameter(handler.getReturnType());
        if (HttpEntity.class.isAssignableFrom(type.toClass())) {
            type = type.getGeneric(0);
        }
        return type.toClass();
    }

    private static boolean isBytes(Class<?> body) {
        return body == byte[].class || Resource.class.isAssignableFrom(body) || InputStream.class.isAssignableFrom(body)
                || StreamingResponseBody.class.isAssignableFrom(body);
    }

    // --- If-Match and problems -------------------------------------------------------------------

    /** The server refuses a change without it (428), so clients must send it. */
    private static void ifMatch(Operation operation) {
        Parameter ifMatch = ifMatchParameter(operation);
        if (ifMatch != null) {
            ifMatch.setRequired(true);
            if (ifMatch.getDescription() == null) {
                ifMatch.setDescription("The `ETag` of the record as you read it: the change is refused (412) if the "
                        + "record changed since, and (428) without it.");
            }
        }
    }

    private static Parameter ifMatchParameter(Operation operation) {
        if (operation.getParameters() == null) {
            return null;
        }
        return operation.getParameters().stream()
                .filter(p -> "header".equals(p.getIn()) && "If-Match".equalsIgnoreCase(p.getName()))
                .findFirst().orElse(null);
    }

    private static void problems(Operation operation, String path, RequestMapping mapping) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        Set<String> statuses = new TreeSet<>(List.of("400", "401", "403", "406", "415", "500"));
        if (path.contains("{")) {
            statuses.add("404");
        }
        if (ifMatchParameter(operation) != null) {
            statuses.addAll(List.of("409", "412", "428"));
        }
        if (mapping != null && Arrays.stream(mapping.consumes()).anyMatch(c -> c.startsWith("multipart/"))) {
            statuses.add("413");
        }
        ApiResponses responses = operation.getResponses();
        for (String status : statuses) {
            ApiResponse existing = responses.get(status);
            if (existing == null) {
                responses.addApiResponse(status, new ApiResponse().$ref(RESPONSE_REF + PROBLEMS.get(status).component()));
            } else if (existing.get$ref() == null) {
                // Declared by the controller for its own reasons: keep its words, type it as a problem.
                existing.setContent(problemContent());
            }
        }
        // Codes the controller documented beyond the common set (409 on its own, 422, ...) are problems too.
        responses.forEach((status, response) -> {
            if ((status.startsWith("4") || status.startsWith("5")) && response.get$ref() == null
                    && (response.getContent() == null || response.getContent().containsKey("*/*"))) {
                response.setContent(problemContent());
            }
        });
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(SCHEMA_REF + PROBLEM)));
    }

    // --- components ------------------------------------------------------------------------------

    /** The shared schemes, problem schema and answers, resource tags, and closed request bodies. */
    static void complete(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        Components components = api.getComponents();
        components.addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.COOKIE).name("__Host-SESSION")
                .description("A signed-in session, as the pages use (sign in at /login; see docs/api.md). "
                        + "Sessions end when idle or after their lifetime (`401 session-expired`)."));
        components.addSecuritySchemes(CSRF, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("X-CSRF-TOKEN")
                .description("With a session, every change (anything but GET and HEAD) also sends the session's "
                        + "CSRF token (a page's `_csrf` field); without it `403 csrf-token-invalid`. Not used "
                        + "with an API token."));
        components.addSchemas(PROBLEM, problemSchema());
        PROBLEMS.forEach((status, answer) -> components.addResponses(answer.component(),
                new ApiResponse().description(answer.description()).content(problemContent())));
        if (components.getResponses() != null && api.getPaths() != null) {
            Set<String> used = new HashSet<>();
            api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
                if (op.getResponses() != null) {
                    op.getResponses().values().forEach(r -> {
                        if (r.get$ref() != null) {
                            used.add(r.get$ref().substring(RESPONSE_REF.length()));
                        }
                    });
                }
            }));
            components.getResponses().keySet().removeIf(name -> !used.contains(name));
        }
        tags(api);
        uniqueOperationIds(api);
        closeRequestBodies(api);
    }

    /** Two operations with the same derived id: the later by path and method gets a number. */
    private static void uniqueOperationIds(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        new TreeMap<>(api.getPaths()).forEach((path, item) -> new TreeMap<>(item.readOperationsMap()).forEach((method, op) -> {
            if (op.getOperationId() == null) {
                return;
            }
            int count = seen.merge(op.getOperationId(), 1, Integer::sum);
            if (count > 1) {
                op.setOperationId(op.getOperationId() + count);
            }
        }));
    }

    private static Schema<?> problemSchema() {
        Schema<?> error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("The field (or location) that broke a rule."))
                .addProperty("code", new StringSchema().description("The rule's code (see docs/problems.md#field-rules)."))
                .addProperty("message", new StringSchema().description("The rule, for people. Never the value sent."));
        return new ObjectSchema()
                .description("An RFC 9457 problem detail. Match on `code`, never on `detail`.")
                .addProperty("type", new StringSchema().format("uri-reference")
                        .description("`urn:custodian:problem:` and the code."))
                .addProperty("title", new StringSchema().description("The HTTP status's reason phrase."))
                .addProperty("status", new IntegerSchema().description("The HTTP status."))
                .addProperty("detail", new StringSchema().description("What went wrong, for people. Quotes no value sent."))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("code", new StringSchema().description("The stable problem code (docs/problems.md)."))
                .addProperty("errors", new ArraySchema().items(error)
                        .description("With `validation-failed`: one entry per broken rule."))
                .addProperty("pointer", new StringSchema()
                        .description("With `unknown-property`: a JSON pointer to the property refused."))
                .addProperty("requestId", new StringSchema()
                        .description("With `internal-error`: the request id to quote to the operator."))
                .required(List.of("type", "title", "status", "code"));
    }

    private static void tags(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        Set<String> names = new TreeSet<>();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
            if (op.getTags() != null) {
                names.addAll(op.getTags());
            }
        }));
        Map<String, Tag> declared = new LinkedHashMap<>();
        if (api.getTags() != null) {
            api.getTags().forEach(tag -> declared.put(tag.getName(), tag));
        }
        List<Tag> tags = new ArrayList<>();
        for (String name : names) {
            Tag tag = declared.getOrDefault(name, new Tag().name(name));
            if (tag.getDescription() == null) {
                tag.setDescription("Operations on " + name.toLowerCase(Locale.ROOT).replace("api ", "API ")
                        .replace("isa ", "ISA ") + " (under " + API_PREFIX + "…).");
            }
            tags.add(tag);
        }
        api.setTags(tags);
    }

    /** JSON bodies are closed: an unknown property is refused ({@code unknown-property}). */
    private static void closeRequestBodies(OpenAPI api) {
        if (api.getPaths() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                MediaType json = op.getRequestBody().getContent().get("application/json");
                if (json != null) {
                    close(json.getSchema(), api.getComponents().getSchemas(), seen);
                }
            }
        }));
    }

    private static void close(Schema<?> schema, Map<String, Schema> schemas, Set<String> seen) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (seen.add(name)) {
                close(schemas.get(name), schemas, seen);
            }
            return;
        }
        if (schema.getItems() != null) {
            close(schema.getItems(), schemas, seen);
        }
        if (schema.getProperties() != null) {
            if (schema.getAdditionalProperties() == null) {
                schema.setAdditionalProperties(false);
            }
            schema.getProperties().values().forEach(property -> close(property, schemas, seen));
        }
    }
}
