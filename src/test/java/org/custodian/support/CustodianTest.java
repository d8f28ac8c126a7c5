package org.custodian.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A full application on its own embedded PostgreSQL, with a movable clock and fixtures. Tests that
 * share this annotation share one context (and one database), so fixtures use fresh schools.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({TestClock.Configuration.class, Fixtures.class, TestMail.class, RegisteredTeachingAssignments.class, ImportCrash.class,
        DatabaseOwner.class, KeyTables.class, EmbeddedRoles.class})
public @interface CustodianTest {
}
