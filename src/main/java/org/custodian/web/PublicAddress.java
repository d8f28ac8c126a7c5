package org.custodian.web;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where people reach Custodian, for links in emails. Configured rather than taken from the request:
 * a forged {@code Host} header must never put someone else's address into a password reset email.
 *
 * @param publicUrl the address in front of every path, e.g. {@code https://custodian.example.org}
 */
@ConfigurationProperties("custodian")
public record PublicAddress(@DefaultValue("https://localhost:8443") URI publicUrl) {

    /** An absolute link to a path of this application ({@code path} starts with a slash). */
    public String link(String path) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
