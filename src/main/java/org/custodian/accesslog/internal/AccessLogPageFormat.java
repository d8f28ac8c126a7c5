package org.custodian.accesslog.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessFlag;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.identity.Role;
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

    /**
     * An entry about many records in one line: "Imported 300 pupils" for an MIS import's entries
     * (their reason names the import), otherwise what was done and to how many.
     */
    public String bulk(AccessLogReview.Entry entry) {
        int count = entry.subjectIds().size();
        String records = count == 1 ? "1 record" : count + " records";
        boolean imported = entry.reason() != null && entry.reason().startsWith("MIS import ");
        if (imported) {
            String pupils = count == 1 ? "1 pupil" : count + " pupils";
            return switch (entry.action()) {
                case "CREATE" -> "Imported " + pupils + " (new)";
                case "UPDATE" -> "Imported " + pupils + " (changed)";
                case "READ" -> "Compared " + pupils + " with an import";
                default -> words(entry.action()) + " " + pupils + " in an import";
            };
        }
        return words(entry.action()) + " " + records;
    }

    /** An action in words, as the start of a sentence. */
    public String words(String action) {
        return switch (action) {
            case "READ" -> "Read";
            case "SEARCH" -> "Searched";
            case "CREATE" -> "Added";
            case "UPDATE" -> "Changed";
            case "EXPORT" -> "Exported";
            case "ERASE" -> "Erased";
            case "READMIT" -> "Re-admitted";
            case "IMPORT_FAILED" -> "Import failed";
            default -> action;
        };
    }

    /** A role in words (the label pages use everywhere); a code no longer a role as it was recorded. */
    public String role(String role) {
        try {
            return Role.valueOf(role).label();
        } catch (IllegalArgumentException e) {
            return role;
        }
    }

    /**
     * An address in its usual form: IPv6 shortened as RFC 5952 writes it, and the server's own
     * loopback as "this server" (a job, or someone on the server itself).
     */
    public String address(String address) {
        if (address == null || address.isBlank()) {
            return "no address";
        }
        // Only an address literal is parsed: anything else would make InetAddress look a name up.
        if (!address.matches("[0-9A-Fa-f:.]{2,45}")) {
            return address;
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed.isLoopbackAddress()) {
                return "this server";
            }
            return parsed instanceof Inet6Address ? shortened(parsed.getAddress()) : parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
    static String shortened(byte[] ipv6) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((ipv6[2 * i] & 0xff) << 8) | (ipv6[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
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
