package org.custodian.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Like {@link RequiresPermission}, for one endpoint that serves two permissions: typically a
 * school-wide one and its platform-wide form (the same API for a school admin and the operator).
 * The handler then limits what it does to the scope of the permission the caller holds.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@PreAuthorize("hasAnyAuthority('{value}', '{or}')")
public @interface RequiresEitherPermission {

    Permission value();

    Permission or();
}
