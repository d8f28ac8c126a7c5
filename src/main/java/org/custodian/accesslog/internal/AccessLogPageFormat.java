package org.custodian.accesslog.internal;

import org.custodian.accesslog.AccessFlag;
import org.springframework.stereotype.Component;

/** How the access-log page names and colours flags (used by the template as {@code @accessLogPages}). */
@Component("accessLogPages")
class AccessLogPageFormat {

    public String flag(AccessFlag flag) {
        return switch (flag) {
            case BULK_READ -> "Bulk read";
            case OUT_OF_HOURS -> "Out of hours";
            case OUTSIDE_CLASSES -> "Outside classes";
            case SUPPORT_ACCESS -> "Support access";
        };
    }

    public String flagTag(AccessFlag flag) {
        return "govuk-tag " + switch (flag) {
            case BULK_READ -> "govuk-tag--red";
            case OUT_OF_HOURS -> "govuk-tag--yellow";
            case OUTSIDE_CLASSES -> "govuk-tag--orange";
            case SUPPORT_ACCESS -> "govuk-tag--purple";
        };
    }
}
