package org.custodian.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record whose components are named like personal data but hold none (a term's name, say),
 * so the test that finds personal-data records by what they hold leaves it alone. Say why.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NoPersonalData {

    /** Why nothing in it is personal data. */
    String value();
}
