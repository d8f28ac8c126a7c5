package org.custodian.web;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cells of every CSV file Custodian writes (RFC 4180). A value a spreadsheet would run as a formula
 * (starting with {@code = + - @}, a tab or a carriage return) is neutralised with a leading
 * apostrophe, the OWASP advice against CSV injection; fields holding commas, quotes or line breaks
 * are quoted, quotes doubled.
 */
public final class CsvCells {

    private static final Pattern NEEDS_QUOTES = Pattern.compile("[\",\r\n]");

    private CsvCells() {
    }

    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return NEEDS_QUOTES.matcher(safe).find() ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    /** One line, ending in CRLF as RFC 4180 asks. */
    public static String row(List<String> values) {
        return values.stream().map(CsvCells::cell).collect(Collectors.joining(",")) + "\r\n";
    }
}
