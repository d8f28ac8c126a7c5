package org.custodian.accesslog.internal;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessFlag;
import org.custodian.accesslog.AccessLogReview;
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

    /**
     * What the entry records, for the page: a failed import in words (its fields are a count and a
     * problem code), anything else as its action and the fields it names.
     */
    public String what(AccessLogReview.Entry entry) {
        if (AccessAction.IMPORT_FAILED.name().equals(entry.action())) {
            String compared = fieldValue(entry, "import.compared:", "?");
            return "Import attempted, " + compared + ("1".equals(compared) ? " pupil" : " pupils")
                    + " compared, failed: " + fieldValue(entry, "import.failed:", "unknown");
        }
        return entry.action() + (entry.fields().isEmpty() ? "" : " " + String.join(", ", entry.fields()));
    }

    private static String fieldValue(AccessLogReview.Entry entry, String prefix, String otherwise) {
        return entry.fields().stream().filter(field -> field.startsWith(prefix))
                .map(field -> field.substring(prefix.length())).findFirst().orElse(otherwise);
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
