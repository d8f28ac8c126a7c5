package org.custodian.accesslog.internal;

import java.util.List;
import java.util.UUID;

import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Review notes written before notes were bound to their entry are re-encrypted bound to it, at
 * start-up, before the web server accepts a request, in one transaction; bound notes are left alone
 * (idempotent). Reviews are append-only: the one change allowed is {@code custodian_bind_review_note}.
 * A note whose reviewer was erased, or that fails its check, never reads again: the first is marked
 * done as it is, the second is left (and logged by entry number) for the operators.
 */
@Component
class ReviewNoteBinding implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ReviewNoteBinding.class);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Schools schools;
    private final FieldCipher cipher;

    ReviewNoteBinding(JdbcClient jdbc, Tenancy tenancy, Schools schools, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.schools = schools;
        this.cipher = cipher;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int bound = bind();
        if (bound > 0) {
            log.info("Bound {} access-log review note(s) to their entry", bound);
        }
    }

    private record UnboundNote(long sequence, UUID reviewer, byte[] note) {
        @Override
        public String toString() {
            return "UnboundNote[sequence=" + sequence + "]";
        }
    }

    /** Returns how many notes it bound. */
    int bind() {
        return tenancy.asPlatform(() -> {
            int bound = 0;
            for (Schools.Status school : schools.statuses()) {
                bound += tenancy.inSchool(school.id(), () -> bind(school.id()));
            }
            return bound;
        });
    }

    private int bind(UUID schoolId) {
        List<UnboundNote> notes = jdbc.sql("""
                        select sequence, reviewed_by, note from access_log_review
                         where school_id = ? and not note_bound order by sequence""")
                .param(schoolId)
                .query((row, n) -> new UnboundNote(row.getLong(1), row.getObject(2, UUID.class), row.getBytes(3)))
                .list();
        int bound = 0;
        for (UnboundNote note : notes) {
            byte[] rebound;
            try {
                byte[] plaintext = cipher.decrypt(schoolId, note.reviewer(), JdbcAccessLogReview.NOTE_FIELD, note.note());
                rebound = cipher.encrypt(schoolId, note.reviewer(), JdbcAccessLogReview.noteField(note.sequence()),
                        plaintext);
            } catch (SubjectErasedException e) {
                rebound = note.note(); // the reviewer was erased: no key will ever open it again, bound or not
            } catch (CiphertextRejectedException e) {
                log.warn("The review note of access-log entry {} of school {} failed its integrity check and stays "
                        + "unreadable", note.sequence(), schoolId);
                continue;
            }
            bound += jdbc.sql("select custodian_bind_review_note(?, ?, ?, ?)")
                    .params(schoolId, note.sequence(), note.note(), rebound).query(Integer.class).single();
        }
        return bound;
    }
}
