package org.custodian.identity;

/**
 * A token just issued, with its secret: the only time the secret exists outside the caller's
 * hands. Show it once; it cannot be retrieved again.
 */
public record IssuedToken(ApiToken token, String secret) {

    /** Never the secret (logs and exception messages must not carry it). */
    @Override
    public String toString() {
        return "IssuedToken[id=" + token.id() + ", prefix=" + token.prefix() + "]";
    }
}
