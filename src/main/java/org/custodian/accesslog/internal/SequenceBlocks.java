package org.custodian.accesslog.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hands out access-log sequence numbers from blocks of {@value #BLOCK} drawn from the database
 * sequence (which steps by the same amount), so an append needs no round trip of its own for one.
 * Numbers are unique across instances; an instance's unused numbers are simply gaps.
 */
@Component
class SequenceBlocks {

    /** Must equal the increment of {@code access_log_entry_sequence}. */
    static final int BLOCK = 64;

    private final JdbcClient jdbc;
    private long next;
    private long end;

    SequenceBlocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    synchronized long next() {
        if (next == end) {
            // Drawn in the caller's transaction: nextval is never rolled back, so a block is never reissued.
            next = jdbc.sql("select nextval('access_log_entry_sequence')").query(Long.class).single();
            end = next + BLOCK;
        }
        return next++;
    }
}
