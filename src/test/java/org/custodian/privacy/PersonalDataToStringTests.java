package org.custodian.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every type marked {@link PersonalData} is built with recognisable values and must not show any
 * of them in {@code toString()}: that is how personal data leaks into logs and exception messages.
 */
class PersonalDataToStringTests {

    @Test
    void noPersonalDataTypeRevealsItsValueInToString() throws Exception {
        List<Class<?>> types = personalDataTypes();
        assertThat(types).as("personal-data types found on the class path")
                .extracting(Class::getSimpleName)
                .contains("PersonName", "EmailAddress", "OneTimePassword");

        for (Class<?> type : types) {
            assertThat(type.isRecord()).as(type + " should be a record so this test can build it").isTrue();
            RecordComponent[] components = type.getRecordComponents();
            Object[] values = new Object[components.length];
            List<String> secrets = new ArrayList<>();
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getType(), i);
                secrets.add(String.valueOf(values[i]));
            }
            Constructor<?> constructor = type.getDeclaredConstructor(
                    java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
            constructor.setAccessible(true);
            String shown = constructor.newInstance(values).toString();

            for (String secret : secrets) {
                assertThat(shown).as(type.getSimpleName() + ".toString()").doesNotContainIgnoringCase(secret);
            }
        }
    }

    /** Values that pass each type's validation yet are unmistakable in output. */
    private static Object sample(Class<?> componentType, int index) {
        if (componentType == String.class) {
            return "zebedee" + index + "@example.com";
        }
        if (componentType == LocalDate.class) {
            return LocalDate.of(2013, 2, 17);
        }
        if (componentType == UUID.class) {
            return UUID.fromString("00000000-0000-0000-0000-00000000000" + index);
        }
        if (componentType == long.class || componentType == Long.class) {
            return 9_876_543_210L + index;
        }
        if (componentType == java.time.Instant.class) {
            return java.time.Instant.parse("2013-02-17T10:15:30Z").plusSeconds(index);
        }
        if (componentType.isEnum()) {
            return componentType.getEnumConstants()[0];
        }
        if (componentType == List.class) {
            return List.of("zebedee-item" + index);
        }
        if (componentType == java.util.Map.class) {
            return java.util.Map.of("zebedee-key" + index, "zebedee-value" + index);
        }
        throw new IllegalStateException("Teach this test to build a " + componentType);
    }

    private static List<Class<?>> personalDataTypes() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(PersonalData.class));
        List<Class<?>> types = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("org.custodian")) {
            types.add(Class.forName(candidate.getBeanClassName()));
        }
        return types;
    }
}
