package org.custodian.rights.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.rights.LegalHolds;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Legal holds in table {@code legal_hold}, and the record of each (placed, reviewed, lifted) in
 * {@code legal_hold_review}, written in the same transaction as the change it records. Each reason and
 * review note is encrypted under the hold's own data key, so it stays readable after the subject's
 * erasure (a hold blocks that anyway) and is not tied to it.
 */
@Component
class JdbcLegalHolds implements LegalHolds {

    static final String REASON = "legal-hold.reason";
    static final String NOTE = "legal-hold.review-note";
    private static final ZoneId UK = ZoneId.of("Europe/London");
    static final int MAX_REASON = 2000;
    static final int MAX_CATEGORY = 100;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final FieldCipher cipher;
    private final SubjectKeys keys;
    private final Clock clock;

    JdbcLegalHolds(JdbcClient jdbc, Tenancy tenancy, FieldCipher cipher, SubjectKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.cipher = cipher;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public List<HoldSummary> holdsOn(UUID schoolId, SubjectKind subjectKind, UUID subjectId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select id, scope, placed_at from legal_hold
                         where school_id = ? and lifted_at is null
                           and (scope = 'SCHOOL' or (scope = ? and subject_id = ?))
                         order by placed_at, id""")
                .params(schoolId, subjectKind.name(), subjectId)
                .query((rs, n) -> new HoldSummary(rs.getObject("id", UUID.class), label(Scope.valueOf(rs.getString("scope"))),
                        rs.getTimestamp("placed_at").toInstant()))
                .list());
    }

    @Override
    public List<HoldSummary> standingHolds(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select id, scope, placed_at from legal_hold
                         where school_id = ? and lifted_at is null order by placed_at, id""")
                .param(schoolId)
                .query((rs, n) -> new HoldSummary(rs.getObject("id", UUID.class), label(Scope.valueOf(rs.getString("scope"))),
                        rs.getTimestamp("placed_at").toInstant()))
                .list());
    }

    @Override
    public Standing standing(UUID schoolId) {
        record Row(String scope, UUID subject, String category) {
        }
        List<Row> rows = tenancy.inSchool(schoolId, () -> jdbc.sql(
                        "select scope, subject_id, category from legal_hold where school_id = ? and lifted_at is null")
                .params(schoolId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3)))
                .list());
        var categories = new java.util.HashSet<String>();
        var pupils = new java.util.HashSet<UUID>();
        var staff = new java.util.HashSet<UUID>();
        boolean school = false;
        for (Row row : rows) {
            switch (Scope.valueOf(row.scope())) {
                case SCHOOL -> { }
                case CATEGORY -> categories.add(row.category());
                case PUPIL -> pupils.add(row.subject());
                case STAFF -> staff.add(row.subject());
            }
            school |= "SCHOOL".equals(row.scope());
        }
        return new Standing(school, categories, pupils, staff);
    }

    @Override
    public UUID place(CustodianUser actor, NewHold hold) {
        validate(hold);
        requireReviewDate(hold.reviewOn());
        UUID school = actor.ownSchoolId();
        UUID id = UUID.randomUUID();
        return tenancy.inSchool(school, () -> {
            keys.create(school, id, hold.scope() == Scope.STAFF ? SubjectKind.STAFF : SubjectKind.PUPIL);
            jdbc.sql("""
                            insert into legal_hold (school_id, id, scope, subject_id, category, reason, placed_by,
                                                    placed_at, review_on)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(school, id, hold.scope().name(), hold.subjectId(), hold.category(),
                            cipher.encryptString(school, id, REASON, hold.reason().strip()), actor.id(),
                            Timestamp.from(clock.instant()), hold.reviewOn())
                    .update();
            record(school, id, ReviewKind.PLACED, actor, null, hold.reviewOn());
            return id;
        });
    }

    @Override
    public void lift(CustodianUser actor, UUID holdId) {
        UUID school = actor.ownSchoolId();
        tenancy.inSchool(school, () -> {
            int lifted = jdbc.sql("""
                            update legal_hold set lifted_at = ?, lifted_by = ?
                             where school_id = ? and id = ? and lifted_at is null""")
                    .params(Timestamp.from(clock.instant()), actor.id(), school, holdId).update();
            if (lifted == 0) {
                throw notStanding();
            }
            record(school, holdId, ReviewKind.LIFTED, actor, null, null);
            return null;
        });
    }

    @Override
    public Review review(CustodianUser actor, UUID holdId, String note, LocalDate nextReviewOn) {
        String kept = note == null || note.isBlank() ? null : note.strip();
        if (kept != null && kept.length() > MAX_REASON) {
            throw ProblemException.badRequest("invalid-legal-hold", "A review's note is at most " + MAX_REASON
                    + " characters.");
        }
        requireReviewDate(nextReviewOn);
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            int moved = jdbc.sql("""
                            update legal_hold set review_on = ?
                             where school_id = ? and id = ? and lifted_at is null""")
                    .params(nextReviewOn, school, holdId).update();
            if (moved == 0) {
                throw notStanding();
            }
            return record(school, holdId, ReviewKind.REVIEWED, actor, kept, nextReviewOn);
        });
    }

    @Override
    public List<Review> reviews(CustodianUser actor, UUID holdId) {
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> jdbc.sql("""
                        select * from legal_hold_review where school_id = ? and hold_id = ?
                         order by seq""")
                .params(school, holdId).query((rs, n) -> review(school, rs)).list());
    }

    @Override
    public List<Review> reviews(CustodianUser actor) {
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> jdbc.sql("""
                        select * from legal_hold_review where school_id = ? order by seq""")
                .param(school).query((rs, n) -> review(school, rs)).list());
    }

    /** Today in the UK, the day review dates are compared with. */
    LocalDate today() {
        return LocalDate.now(clock.withZone(UK));
    }

    private Review record(UUID school, UUID holdId, ReviewKind kind, CustodianUser actor, String note,
                          LocalDate nextReviewOn) {
        UUID id = UUID.randomUUID();
        var at = clock.instant();
        jdbc.sql("""
                        insert into legal_hold_review (school_id, id, hold_id, kind, actor_id, recorded_at, note,
                                                       next_review_on)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(school, id, holdId, kind.name(), actor.id(), Timestamp.from(at),
                        note == null ? null : cipher.encryptString(school, holdId, NOTE, note), nextReviewOn)
                .update();
        return new Review(id, holdId, kind, actor.id(), at, note, nextReviewOn);
    }

    private Review review(UUID school, ResultSet rs) throws SQLException {
        UUID holdId = rs.getObject("hold_id", UUID.class);
        byte[] note = rs.getBytes("note");
        java.sql.Date next = rs.getDate("next_review_on");
        return new Review(rs.getObject("id", UUID.class), holdId, ReviewKind.valueOf(rs.getString("kind")),
                rs.getObject("actor_id", UUID.class), rs.getTimestamp("recorded_at").toInstant(),
                note == null ? null : cipher.decryptString(school, holdId, NOTE, note),
                next == null ? null : next.toLocalDate());
    }

    /** A review date of today or earlier would be due the moment it is set. */
    private void requireReviewDate(LocalDate reviewOn) {
        if (reviewOn == null) {
            throw ProblemException.badRequest("invalid-legal-hold", "Give the date the hold is next to be reviewed.");
        }
        if (!reviewOn.isAfter(today())) {
            throw ProblemException.badRequest("invalid-legal-hold", "The review date must be in the future.");
        }
    }

    private static ProblemException notStanding() {
        return ProblemException.notFound("legal-hold-not-found", "There is no standing legal hold with that id at your school.");
    }

    @Override
    public List<Hold> list(CustodianUser actor) {
        UUID school = actor.ownSchoolId();
        return tenancy.inSchool(school, () -> jdbc.sql("select * from legal_hold where school_id = ? order by placed_at desc, id")
                .param(school).query((rs, n) -> hold(school, rs)).list());
    }

    /** What a hold covers, in words that never say why it was placed. */
    static String label(Scope scope) {
        return switch (scope) {
            case PUPIL -> "Legal hold on this pupil";
            case STAFF -> "Legal hold on this member of staff";
            case CATEGORY -> "Legal hold on a category of data";
            case SCHOOL -> "Legal hold on all of the school's data";
        };
    }

    private Hold hold(UUID school, ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        Timestamp lifted = rs.getTimestamp("lifted_at");
        java.sql.Date review = rs.getDate("review_on");
        return new Hold(id, Scope.valueOf(rs.getString("scope")), rs.getObject("subject_id", UUID.class),
                rs.getString("category"), cipher.decryptString(school, id, REASON, rs.getBytes("reason")),
                rs.getObject("placed_by", UUID.class), rs.getTimestamp("placed_at").toInstant(),
                review == null ? null : review.toLocalDate(), rs.getObject("lifted_by", UUID.class),
                lifted == null ? null : lifted.toInstant());
    }

    private static void validate(NewHold hold) {
        if (hold == null || hold.scope() == null) {
            throw ProblemException.badRequest("invalid-legal-hold", "Say what the hold covers: PUPIL, STAFF, CATEGORY or SCHOOL.");
        }
        boolean subject = hold.scope() == Scope.PUPIL || hold.scope() == Scope.STAFF;
        if (subject != (hold.subjectId() != null)) {
            throw ProblemException.badRequest("invalid-legal-hold", "A hold on a pupil or member of staff names them, and only those do.");
        }
        boolean category = hold.scope() == Scope.CATEGORY;
        if (category != (hold.category() != null && !hold.category().isBlank())
                || (category && hold.category().length() > MAX_CATEGORY)) {
            throw ProblemException.badRequest("invalid-legal-hold", "A hold on a category names it (at most "
                    + MAX_CATEGORY + " characters), and only those do.");
        }
        if (hold.reason() == null || hold.reason().isBlank() || hold.reason().length() > MAX_REASON) {
            throw ProblemException.badRequest("invalid-legal-hold", "Give the hold's reason (at most " + MAX_REASON
                    + " characters).");
        }
        if (hold.reviewOn() != null && hold.reviewOn().isBefore(LocalDate.of(2000, 1, 1))) {
            throw ProblemException.badRequest("invalid-legal-hold", "The review date is not a real date for a hold.");
        }
    }
}
