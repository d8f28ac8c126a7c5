package org.custodian.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param expiry how long an invitation link works (a newer invitation for the same person ends it earlier) */
@ConfigurationProperties("custodian.invitations")
record InvitationProperties(@DefaultValue("P7D") Duration expiry) {
}
