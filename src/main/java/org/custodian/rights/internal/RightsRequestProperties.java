package org.custodian.rights.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param competenceAge the age (on the day of receipt) from which a pupil is taken to be competent to
 *                      make their own request when the school records no judgement of its own: a rule
 *                      of thumb, and in Scotland the age from which the law presumes it
 */
@ConfigurationProperties("custodian.rights")
record RightsRequestProperties(@DefaultValue("12") int competenceAge) {

    RightsRequestProperties {
        if (competenceAge < 1 || competenceAge > 18) {
            throw new IllegalArgumentException("custodian.rights.competence-age must be between 1 and 18");
        }
    }
}
