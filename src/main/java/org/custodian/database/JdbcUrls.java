package org.custodian.database;

/** Reading JDBC URLs for statements about where data lives (never for connecting). */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /**
     * The host of a JDBC URL such as {@code jdbc:postgresql://db.example:5432/keys}: the first host of
     * a list, without user info or port, an IPv6 literal in its brackets; null when unset.
     */
    public static String host(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank() || !jdbcUrl.contains("//")) {
            return null;
        }
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int end = rest.length();
        for (char stop : new char[] {'/', '?', ','}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(rest.lastIndexOf('@', end - 1) + 1, end);
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close > 0 ? authority.substring(0, close + 1) : authority;
        }
        int colon = authority.indexOf(':');
        return colon >= 0 ? authority.substring(0, colon) : authority;
    }
}
