package org.custodian.pupils.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Rows for PostgreSQL {@code COPY ... FROM STDIN (FORMAT binary)}, sent on the connection of the
 * caller's transaction. Binary, because ciphertexts and blind indexes are most of every row: as
 * text they would be hex-encoded here and decoded again by the server. Row-level security refuses
 * COPY into a policy-guarded table, so bulk loads copy into a temporary staging table and move the
 * rows on with one INSERT ... SELECT (which the policies check).
 *
 * <p>Values: {@link UUID}, {@link Boolean}, {@code byte[]} (bytea), {@link LocalDate} (date),
 * {@link String} (text), or null.
 */
final class CopyRows {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final LocalDate POSTGRES_EPOCH = LocalDate.of(2000, 1, 1);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final ByteArrayOutputStream row = new ByteArrayOutputStream(512);
    private final DataOutputStream fields = new DataOutputStream(row);
    private short fieldCount;
    private int rows;

    CopyRows() {
        write(() -> {
            out.write(SIGNATURE);
            out.writeInt(0); // flags
            out.writeInt(0); // header extension length
        });
    }

    CopyRows value(Object value) {
        write(() -> {
            if (value == null) {
                fields.writeInt(-1);
            } else if (value instanceof byte[] data) {
                field(data);
            } else if (value instanceof UUID id) {
                fields.writeInt(16);
                fields.writeLong(id.getMostSignificantBits());
                fields.writeLong(id.getLeastSignificantBits());
            } else if (value instanceof Long number) {
                fields.writeInt(8);
                fields.writeLong(number);
            } else if (value instanceof Boolean flag) {
                fields.writeInt(1);
                fields.writeByte(flag ? 1 : 0);
            } else if (value instanceof LocalDate date) {
                fields.writeInt(4);
                fields.writeInt((int) (date.toEpochDay() - POSTGRES_EPOCH.toEpochDay()));
            } else if (value instanceof String text) {
                field(text.getBytes(StandardCharsets.UTF_8));
            } else {
                throw new IllegalArgumentException("No COPY encoding for " + value.getClass().getSimpleName());
            }
        });
        fieldCount++;
        return this;
    }

    CopyRows endRow() {
        write(() -> {
            out.writeShort(fieldCount);
            row.writeTo(out);
        });
        row.reset();
        fieldCount = 0;
        rows++;
        return this;
    }

    int rows() {
        return rows;
    }

    /** Sends the rows to {@code table (columns)}; returns rows copied. */
    long copyInto(DataSource dataSource, String tableAndColumns) {
        if (rows == 0) {
            return 0;
        }
        write(() -> out.writeShort(-1)); // trailer
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "copy " + tableAndColumns + " from stdin (format binary)", new ByteArrayInputStream(bytes.toByteArray()));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Bulk copy failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private void field(byte[] data) throws IOException {
        fields.writeInt(data.length);
        fields.write(data);
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    private static void write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
    }
}
