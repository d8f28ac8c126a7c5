package org.custodian.pupils.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bulkReadThreshold       a list or search asking for more pupils than this is a bulk read and needs a reason
 * @param defaultPageSize         pupils per page when the caller does not say
 * @param maxPageSize             the most pupils one list or search returns
 */
@ConfigurationProperties("custodian.pupils")
record PupilProperties(@DefaultValue("100") int bulkReadThreshold, @DefaultValue("25") int defaultPageSize,
                       @DefaultValue("500") int maxPageSize) {
}
