package org.custodian.identity.internal;

import java.io.Serial;

import org.custodian.identity.CustodianUser;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A request authenticated by an API token: complete as it is (no sign-in steps), never stored in a session. */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final CustodianUser token;

    ApiTokenAuthentication(CustodianUser token) {
        super(token.getAuthorities());
        this.token = token;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return token;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiTokenAuthentication that && that.token.equals(token);
    }

    @Override
    public int hashCode() {
        return token.hashCode();
    }
}
