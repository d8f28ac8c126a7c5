package org.custodian;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.custodian.support.CustodianTest;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The module boundaries hold for test code too: a test outside a module uses only the module's
 * top-level package, as main code must ({@link ModularityTests} checks main code only).
 * {@code org.custodian.support} is the one test package that may reach into a module's internals,
 * each reach a small named helper, so what tests need beyond the published API stays in one place.
 */
class TestBoundariesTests {

    private static final String SUPPORT = CustodianTest.class.getPackageName();

    /** The base packages of the modules Spring Modulith finds in main code. */
    private final List<String> modules = ApplicationModules.of(CustodianApplication.class).stream()
            .map(module -> module.getBasePackage().getName())
            .toList();
    private final JavaClasses tests = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages(CustodianApplication.class.getPackageName());

    @Test
    void testsReachIntoAnotherModuleOnlyThroughItsApiOrTheSupportPackage() {
        classes().that().resideOutsideOfPackage(SUPPORT + "..")
                .should(reachIntoNoOtherModulesInternals())
                .because("a test that needs more of another module than its top-level package goes through a "
                        + "named helper in " + SUPPORT)
                .check(tests);
    }

    /** Guards against a rule that passes because it looked at the wrong classes. */
    @Test
    void theRuleLooksAtTheTestClassesOfEveryModule() {
        assertThat(tests.contain(TestBoundariesTests.class)).isTrue();
        assertThat(tests.contain(CustodianApplication.class)).as("main code is ModularityTests' part").isFalse();
        assertThat(modules).hasSizeGreaterThan(1).allSatisfy(base -> assertThat(base).startsWith("org.custodian."));
    }

    private ArchCondition<JavaClass> reachIntoNoOtherModulesInternals() {
        return new ArchCondition<>("reach into no other module's internal packages") {
            @Override
            public void check(JavaClass test, ConditionEvents events) {
                for (Dependency dependency : test.getDirectDependenciesFromSelf()) {
                    String target = dependency.getTargetClass().getPackageName();
                    for (String module : modules) {
                        if (isBelow(target, module) && !isWithin(test.getPackageName(), module)) {
                            events.add(SimpleConditionEvent.violated(dependency,
                                    "internal to " + module + ": " + dependency.getDescription()));
                        }
                    }
                }
            }
        };
    }

    /** Everything below a module's base package is internal to it (Spring Modulith's default). */
    private static boolean isBelow(String packageName, String base) {
        return packageName.startsWith(base + ".");
    }

    private static boolean isWithin(String packageName, String base) {
        return packageName.equals(base) || isBelow(packageName, base);
    }
}
