package org.custodian.pupils.internal;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Rows for PostgreSQL {@code COPY ... FROM STDIN} (text format), sent on the connection of the
 * caller's transaction. Row-level security refuses COPY into a policy-guarded table, so bulk loads
 * copy into a temporary staging table and move the rows on with one INSERT ... SELECT (which the
 * policies check).
 */
final class CopyRows {

    private static final HexFormat HEX = HexFormat.of();

    private final StringBuilder text = new StringBuilder(1 << 16);
    private boolean rowStarted;
    private int rows;

    CopyRows value(Object value) {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof byte[] bytes) {
            text.append("\\\\x").append(HEX.formatHex(bytes));
        } else {
            escape(value.toString());
        }
        return this;
    }

    CopyRows endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    int rows() {
        return rows;
    }

    /** Sends the rows to {@code copy} (e.g. {@code "copy stage (a, b) from stdin"}); returns rows copied. */
    long copyInto(DataSource dataSource, String copy) {
        if (rows == 0) {
            return 0;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(text.toString()));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Bulk copy failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
