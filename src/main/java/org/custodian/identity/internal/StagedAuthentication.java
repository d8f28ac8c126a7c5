package org.custodian.identity.internal;

import java.io.Serial;
import java.util.List;

import org.custodian.identity.CustodianUser;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A sign-in that has passed the password but not every step yet (second factor, new password,
 * enrolment). It carries no permission, so nothing but the sign-in steps will serve it.
 */
final class StagedAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;
    static final String PENDING = "SIGN_IN_PENDING";

    private final CustodianUser user;
    private final boolean secondFactorVerified;

    StagedAuthentication(CustodianUser user, boolean secondFactorVerified) {
        super(List.of(new SimpleGrantedAuthority(PENDING)));
        this.user = user;
        this.secondFactorVerified = secondFactorVerified;
        setAuthenticated(true);
    }

    CustodianUser user() {
        return user;
    }

    boolean secondFactorVerified() {
        return secondFactorVerified;
    }

    StagedAuthentication withSecondFactorVerified() {
        StagedAuthentication next = new StagedAuthentication(user, true);
        next.setDetails(getDetails());
        return next;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return user;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StagedAuthentication staged && staged.user.equals(user)
                && staged.secondFactorVerified == secondFactorVerified;
    }

    @Override
    public int hashCode() {
        return user.hashCode() * 31 + Boolean.hashCode(secondFactorVerified);
    }
}
