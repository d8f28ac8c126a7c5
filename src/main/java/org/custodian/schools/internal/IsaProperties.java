package org.custodian.schools.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param reacceptanceGrace how long a school may keep processing pupil data under its earlier
 *                          acceptance after a new agreement version is published
 * @param initialText       classpath resource published as version 1 when no version exists yet
 */
@ConfigurationProperties("custodian.isa")
record IsaProperties(@DefaultValue("P30D") Duration reacceptanceGrace,
                     @DefaultValue("isa/information-sharing-agreement-v1.md") String initialText) {
}
