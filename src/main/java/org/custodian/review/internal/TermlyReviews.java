package org.custodian.review.internal;

import org.custodian.privacy.NoPersonalData;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.StaffAccounts;
import org.custodian.identity.StaffAccounts.StaffAccount;
import org.custodian.tenancy.Tenancy;
import org.custodian.terms.SchoolTerms;
import org.custodian.terms.Term;
import org.custodian.web.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Termly reviews in the school's own scope. A review is created at most once per school and term:
 * the unique key on (school, term) with {@code ON CONFLICT DO NOTHING} lets any number of instances,
 * page views and daily jobs try at once. Decisions are written once and never changed.
 */
@Service
class TermlyReviews {

    /** The detail of the USER_DISABLED event when an admin disables an account in the review. */
    static final String DISABLED_IN_REVIEW = "termly-review";
    /** The detail when it happens through "disable all dormant accounts". */
    static final String DISABLED_AS_DORMANT = "termly-review-dormant";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final SchoolTerms terms;
    private final StaffAccounts staff;
    private final DormancyProperties dormancy;
    private final Clock clock;

    TermlyReviews(JdbcClient jdbc, Tenancy tenancy, SchoolTerms terms, StaffAccounts staff,
                  DormancyProperties dormancy, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.terms = terms;
        this.staff = staff;
        this.dormancy = dormancy;
        this.clock = clock;
    }

    /**
     * The review of the term that started most recently, created now with every account the school
     * has if it does not exist yet. Empty if no term of the school has started.
     */
    Optional<UUID> current(UUID schoolId) {
        Optional<Term> term = terms.latestStarted(schoolId);
        return term.map(started -> tenancy.inSchool(schoolId, () -> {
            UUID id = UUID.randomUUID();
            Optional<UUID> created = jdbc.sql("""
                            insert into termly_review (school_id, id, term_id, created_at) values (?, ?, ?, ?)
                            on conflict (school_id, term_id) do nothing returning id""")
                    .params(schoolId, id, started.id(), Timestamp.from(clock.instant()))
                    .query(UUID.class).optional();
            if (created.isEmpty()) {
                // Another instance or request created it; it committed before our insert gave way.
                return jdbc.sql("select id from termly_review where school_id = ? and term_id = ?")
                        .params(schoolId, started.id()).query(UUID.class).single();
            }
            for (StaffAccount account : staff.of(schoolId)) {
                jdbc.sql("insert into termly_review_account (school_id, review_id, user_id) values (?, ?, ?)")
                        .params(schoolId, id, account.id()).update();
            }
            return id;
        }));
    }

    /** Every review of the school, the latest term first, with its progress. */
    List<ReviewSummary> all(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select r.id, t.name, t.starts_on, t.ends_on, r.created_at,
                               (select count(*) from termly_review_account a
                                 where a.school_id = r.school_id and a.review_id = r.id) as accounts,
                               count(d.user_id) as decided,
                               count(d.user_id) filter (where d.decision = 'DISABLED') as disabled,
                               max(d.decided_at) as last_decided_at
                          from termly_review r
                          join school_term t on t.school_id = r.school_id and t.id = r.term_id
                          left join termly_review_decision d on d.school_id = r.school_id and d.review_id = r.id
                         where r.school_id = ?
                         group by r.school_id, r.id, t.name, t.starts_on, t.ends_on, r.created_at
                         order by t.starts_on desc""")
                .param(schoolId)
                .query((row, n) -> new ReviewSummary(row.getObject("id", UUID.class), row.getString("name"),
                        row.getDate("starts_on").toLocalDate(), row.getDate("ends_on").toLocalDate(),
                        row.getTimestamp("created_at").toInstant(), row.getInt("accounts"), row.getInt("decided"),
                        row.getInt("disabled"), instant(row.getTimestamp("last_decided_at"))))
                .list());
    }

    /** One review of the school with every account in it; another school's review is not found. */
    ReviewDetail get(UUID schoolId, UUID reviewId) {
        ReviewSummary summary = all(schoolId).stream().filter(review -> review.id().equals(reviewId)).findFirst()
                .orElseThrow(TermlyReviews::reviewNotFound);
        Instant dormantBefore = clock.instant().minus(dormancy.dormantAfter());
        return tenancy.inSchool(schoolId, () -> {
            Map<UUID, StaffAccount> accounts = staff.of(schoolId).stream()
                    .collect(Collectors.toMap(StaffAccount::id, Function.identity()));
            List<ReviewItem> items = jdbc.sql("""
                            select a.user_id, d.decision, d.dormant, d.decided_by, d.decided_at
                              from termly_review_account a
                              left join termly_review_decision d
                                on d.school_id = a.school_id and d.review_id = a.review_id and d.user_id = a.user_id
                             where a.school_id = ? and a.review_id = ?""")
                    .params(schoolId, reviewId)
                    .query((row, n) -> {
                        UUID userId = row.getObject("user_id", UUID.class);
                        StaffAccount account = accounts.get(userId);
                        String decision = row.getString("decision");
                        UUID decidedBy = row.getObject("decided_by", UUID.class);
                        return new ReviewItem(userId, account,
                                account != null && account.enabled()
                                        && !account.lastActiveAt().isAfter(dormantBefore),
                                decision == null ? null : Decision.valueOf(decision), row.getBoolean("dormant"),
                                decidedBy == null ? null : accounts.get(decidedBy),
                                instant(row.getTimestamp("decided_at")));
                    })
                    .list();
            List<ReviewItem> sorted = new ArrayList<>(items);
            sorted.sort(ReviewItem.BY_NAME);
            return new ReviewDetail(summary, sorted);
        });
    }

    /**
     * Records the admin's decisions; disabling one disables the account. Every decision is checked
     * before any is applied, so a refused request changes nothing. A decision someone else made
     * meanwhile stands: the later one is not recorded and is counted as already decided.
     */
    Recorded decide(UUID schoolId, UUID reviewId, Map<UUID, Decision> decisions, CustodianUser actor) {
        ReviewDetail review = get(schoolId, reviewId);
        Map<UUID, ReviewItem> items = review.items().stream()
                .collect(Collectors.toMap(ReviewItem::userId, Function.identity()));
        for (var entry : decisions.entrySet()) {
            if (!items.containsKey(entry.getKey())) {
                throw ProblemException.notFound("user-not-in-review", "There is no such account in this review.");
            }
            if (entry.getValue() == Decision.DISABLED && entry.getKey().equals(actor.id())) {
                throw ProblemException.badRequest("cannot-disable-self",
                        "You cannot disable your own account. Confirm it, or ask another admin to decide.");
            }
        }
        return tenancy.inSchool(schoolId, () -> {
            int recorded = 0;
            int disabled = 0;
            for (var entry : decisions.entrySet()) {
                if (!record(schoolId, reviewId, entry.getKey(), entry.getValue(), false, actor)) {
                    continue;
                }
                recorded++;
                if (entry.getValue() == Decision.DISABLED && items.get(entry.getKey()).account() != null
                        && staff.disable(schoolId, entry.getKey(), actor, DISABLED_IN_REVIEW)) {
                    disabled++;
                }
            }
            return new Recorded(recorded, decisions.size() - recorded, disabled);
        });
    }

    /** The accounts "disable all dormant accounts" would disable: dormant, enabled, not yet decided, not the admin's own. */
    List<ReviewItem> dormantUndecided(ReviewDetail review, CustodianUser actor) {
        return review.items().stream()
                .filter(item -> item.dormant() && item.decision() == null && !item.userId().equals(actor.id()))
                .toList();
    }

    /**
     * Disables the dormant accounts the admin confirmed (the list they were shown), each still
     * dormant and undecided at this moment; each gets a decision and a USER_DISABLED event.
     */
    int disableDormant(UUID schoolId, UUID reviewId, Set<UUID> confirmed, CustodianUser actor) {
        ReviewDetail review = get(schoolId, reviewId);
        List<UUID> targets = dormantUndecided(review, actor).stream().map(ReviewItem::userId)
                .filter(confirmed::contains).toList();
        return tenancy.inSchool(schoolId, () -> {
            int disabled = 0;
            for (UUID userId : targets) {
                if (record(schoolId, reviewId, userId, Decision.DISABLED, true, actor)
                        && staff.disable(schoolId, userId, actor, DISABLED_AS_DORMANT)) {
                    disabled++;
                }
            }
            return disabled;
        });
    }

    /** Writes one decision unless the account already has one; true if this one was recorded. */
    private boolean record(UUID schoolId, UUID reviewId, UUID userId, Decision decision, boolean dormant,
                           CustodianUser actor) {
        return jdbc.sql("""
                        insert into termly_review_decision (school_id, review_id, user_id, decision, dormant,
                                                            decided_by, decided_at)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(schoolId, reviewId, userId, decision.name(), dormant, actor.id(),
                        Timestamp.from(clock.instant()))
                .update() == 1;
    }

    static ProblemException reviewNotFound() {
        return ProblemException.notFound("review-not-found", "There is no review with that id.");
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A review and its progress. */
    @NoPersonalData("a term's name and counts")
    record ReviewSummary(UUID id, String termName, LocalDate termStartsOn, LocalDate termEndsOn, Instant createdAt,
                         int accounts, int decided, int disabled, Instant lastDecidedAt) {

        public boolean complete() {
            return decided >= accounts;
        }

        public int confirmed() {
            return decided - disabled;
        }

        /** When the last decision completed the review; null while it is open. */
        public Instant completedAt() {
            return complete() ? (lastDecidedAt != null ? lastDecidedAt : createdAt) : null;
        }
    }

    /**
     * One account in a review. {@code account} is null if it no longer exists; {@code decidedBy} is
     * null while undecided or if the admin's account no longer exists.
     */
    record ReviewItem(UUID userId, StaffAccount account, boolean dormant, Decision decision, boolean decidedAsDormant,
                      StaffAccount decidedBy, Instant decidedAt) {

        static final java.util.Comparator<ReviewItem> BY_NAME = java.util.Comparator.comparing(
                (ReviewItem item) -> item.account() == null ? "\uffff" : item.account().displayName().toLowerCase())
                .thenComparing(ReviewItem::userId);

        @Override
        public String toString() {
            return "ReviewItem[user=" + userId + ", decision=" + decision + "]";
        }
    }

    record ReviewDetail(ReviewSummary summary, List<ReviewItem> items) {
    }

    /** What one submission did: decisions recorded, those someone made first, and accounts disabled. */
    record Recorded(int recorded, int alreadyDecided, int disabled) {
    }
}
