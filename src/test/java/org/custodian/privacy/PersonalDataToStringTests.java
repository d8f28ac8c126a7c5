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
                if (!components[i].getType().isEnum()) { // a one-letter code would match by chance
                    secrets.add(String.valueOf(values[i]));
                }
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

    /**
     * Records anywhere in the code base that hold personal data, found by what they hold (a
     * personal-data type, or a component named like a person's name, address, UPN, date of birth,
     * free text or a search), must say so in their own {@code toString()} and show none of it.
     */
    @Test
    void everyRecordHoldingPersonalDataOverridesToStringAndShowsNoneOfIt() throws Exception {
        List<Class<?>> holders = new ArrayList<>();
        for (Class<?> type : allRecords()) {
            if (holdsPersonalData(type)) {
                holders.add(type);
            }
        }
        assertThat(holders).as("records found holding personal data").extracting(Class::getSimpleName)
                .contains("PupilSearch", "SignedInSession", "Row", "Decrypted");

        List<String> failures = new ArrayList<>();
        for (Class<?> type : holders) {
            RecordComponent[] components = type.getRecordComponents();
            Object[] values = new Object[components.length];
            List<String> secrets = new ArrayList<>();
            for (int i = 0; i < components.length; i++) {
                values[i] = sampleOrNull(components[i].getType(), i);
                if (values[i] instanceof String text && isPersonal(components[i])) {
                    secrets.add(text);
                }
            }
            String shown;
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(
                        java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
                constructor.setAccessible(true);
                shown = constructor.newInstance(values).toString();
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue; // validation refused the samples: the declared toString() is what we can check
            }
            for (String secret : secrets) {
                if (shown.toLowerCase().contains(secret.toLowerCase())) {
                    failures.add(type.getName() + ".toString() shows " + secret);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private static final java.util.regex.Pattern PERSONAL_COMPONENT = java.util.regex.Pattern.compile(
            "(?i).*(name|email|upn|surname|forename|dateofbirth|birth|reason|note|text|terms|query|address|phone"
                    + "|secret|password|search).*");

    private static boolean holdsPersonalData(Class<?> record) {
        if (record.isAnnotationPresent(NoPersonalData.class)
                || record.isAnnotationPresent(org.springframework.boot.context.properties.ConfigurationProperties.class)) {
            return false;
        }
        return java.util.Arrays.stream(record.getRecordComponents()).anyMatch(PersonalDataToStringTests::isPersonal);
    }

    private static boolean isPersonal(RecordComponent component) {
        Class<?> type = component.getType();
        if (type.isAnnotationPresent(PersonalData.class)) {
            return true;
        }
        boolean textual = type == String.class || type == char[].class || type == java.util.Optional.class
                || type == LocalDate.class;
        return textual && PERSONAL_COMPONENT.matcher(component.getName()).matches()
                && !component.getName().toLowerCase().matches(".*(code|role|kind|field|category|label|key|hash).*");
    }

    private static Object sampleOrNull(Class<?> componentType, int index) {
        try {
            return sample(componentType, index);
        } catch (IllegalStateException unknown) {
            if (componentType == int.class) {
                return 7_654_300 + index;
            }
            if (componentType == boolean.class) {
                return false;
            }
            return null;
        }
    }

    private static List<Class<?>> allRecords() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(
                    org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return true;
            }
        };
        scanner.addIncludeFilter((reader, factory) ->
                "java.lang.Record".equals(reader.getClassMetadata().getSuperClassName()));
        List<Class<?>> types = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("org.custodian")) {
            var source = candidate instanceof org.springframework.beans.factory.support.AbstractBeanDefinition bean
                    ? bean.getResource() : null;
            if (source != null && source.getDescription().contains("test-classes")) {
                continue; // the tests' own fixtures are made-up data
            }
            types.add(Class.forName(candidate.getBeanClassName()));
        }
        return types;
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
            return new UUID(0, index);
        }
        if (componentType == List.class) {
            return List.of("zebedee-item" + index);
        }
        if (componentType == java.util.Map.class) {
            return java.util.Map.of("zebedee-key" + index, "zebedee-value" + index);
        }
        if (componentType == long.class) {
            return 987_654_300L + index;
        }
        if (componentType == java.time.Instant.class) {
            return java.time.Instant.parse("2013-02-17T10:15:3" + index % 10 + "Z");
        }
        if (componentType.isEnum()) {
            return componentType.getEnumConstants()[0];
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
