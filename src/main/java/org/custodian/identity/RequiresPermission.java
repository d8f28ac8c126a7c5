package org.custodian.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.access.prepost.PreAuthorize;

/**
 * The permission an endpoint or page needs. Only fully signed-in sessions (password and, where
 * required, the second factor) carry permission authorities, so a half-finished sign-in passes none.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@PreAuthorize("hasAuthority('{value}')")
public @interface RequiresPermission {

    Permission value();
}
