package org.custodian.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code @RequestBody} type of the API, found by scanning its controllers, bound from arbitrary
 * JSON by the mapper the application configures (Boot's, with {@link StrictJson} and the
 * application's Jackson properties): the body binds, or Jackson refuses it (which the API answers
 * with {@code malformed-request}); no other exception, and validating what bound throws nothing.
 * Half the inputs are objects with the type's own property names, so the values reach the types'
 * constructors rather than stopping at an unknown name.
 */
class RequestBodyBindingFuzzTests {

    private static final List<Body> BODIES = requestBodies();
    private static final JsonMapper MAPPER = applicationMapper();
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    record Body(String where, Type type, List<String> properties) {
    }

    @Test
    void everyWriteEndpointsBodyTypeIsFound() {
        assertThat(BODIES).hasSizeGreaterThanOrEqualTo(20);
        assertThat(BODIES).extracting(Body::where).contains("PupilApiController.create");
    }

    @FuzzTest(maxDuration = "30s")
    void bindsOrRefusesAnyJson(FuzzedDataProvider data) {
        Body body = BODIES.get(data.consumeInt(0, BODIES.size() - 1));
        String json = data.consumeBoolean() ? shaped(body, data) : data.consumeRemainingAsString();
        JavaType type = MAPPER.constructType(body.type());
        Object bound;
        try {
            bound = MAPPER.readValue(json, type);
        } catch (JacksonException refused) {
            return;
        }
        if (bound != null) {
            VALIDATOR.validate(bound);
        }
    }

    /** An object with the type's property names (and sometimes another), each with a fuzzed JSON value. */
    private static String shaped(Body body, FuzzedDataProvider data) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String property : body.properties()) {
            if (data.consumeBoolean()) {
                fields.put(property, value(data, 0));
            }
        }
        if (data.remainingBytes() > 0 && data.consumeInt(0, 7) == 0) {
            fields.put(data.consumeString(12), value(data, 0));
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                .append(MAPPER.writeValueAsString(name)).append(':').append(value));
        return json.append('}').toString();
    }

    private static String value(FuzzedDataProvider data, int depth) {
        return switch (data.consumeInt(0, depth > 2 ? 6 : 9)) {
            case 0 -> "null";
            case 1 -> Boolean.toString(data.consumeBoolean());
            case 2 -> Long.toString(data.consumeLong());
            case 3 -> Double.toString(data.consumeRegularDouble());
            case 4 -> data.consumeBytes(1).length == 0 ? "1e999999" : "-9223372036854775809";
            case 5 -> data.consumeString(8); // raw text: anything, valid JSON or not
            case 6 -> MAPPER.writeValueAsString(data.consumeString(40));
            case 7 -> {
                List<String> items = new ArrayList<>();
                for (int i = data.consumeInt(0, 3); i > 0; i--) {
                    items.add(value(data, depth + 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
            case 8 -> "{" + MAPPER.writeValueAsString(data.consumeString(8)) + ":" + value(data, depth + 1) + "}";
            default -> MAPPER.writeValueAsString(Arrays.asList(data.consumeString(8), data.consumeString(8)));
        };
    }

    private static List<Body> requestBodies() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        List<Body> bodies = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("org.custodian")) {
            Class<?> controller = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
            for (Method method : controller.getDeclaredMethods()) {
                for (Parameter parameter : method.getParameters()) {
                    if (parameter.isAnnotationPresent(RequestBody.class)) {
                        bodies.add(new Body(controller.getSimpleName() + "." + method.getName(),
                                parameter.getParameterizedType(), properties(parameter.getType())));
                    }
                }
            }
        }
        // A stable order: the fuzzer's choice of body is a number, and saved inputs must keep meaning the same body.
        bodies.sort(Comparator.comparing(Body::where).thenComparing(body -> body.type().getTypeName()));
        return List.copyOf(bodies);
    }

    private static List<String> properties(Class<?> type) {
        if (type.isRecord()) {
            return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        }
        return Arrays.stream(type.getDeclaredFields()).filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
                .map(java.lang.reflect.Field::getName).toList();
    }

    /** The JsonMapper the application builds: Boot's auto-configuration, StrictJson and application.yml's Jackson settings. */
    private static JsonMapper applicationMapper() {
        JsonMapper[] mapper = new JsonMapper[1];
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(StrictJson.class)
                .withPropertyValues("spring.jackson.default-property-inclusion=non_null")
                .run(context -> mapper[0] = context.getBean(JsonMapper.class));
        return mapper[0];
    }
}
