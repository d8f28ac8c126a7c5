package org.custodian.accesslog.internal;

import java.time.Instant;
import java.util.List;

import org.custodian.accesslog.AccessLogReview;
import org.custodian.accesslog.AccessLogReview.Entry;
import org.custodian.accesslog.AccessLogReview.Query;
import org.custodian.accesslog.AccessLogReview.Review;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The school's access log for its reviewers (own school only), newest first, paged by sequence. */
@RestController
class AccessLogReviewApiController {

    private final AccessLogReview review;

    AccessLogReviewApiController(AccessLogReview review) {
        this.review = review;
    }

    @GetMapping("/api/v1/access-log")
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    PageView list(@AuthenticationPrincipal CustodianUser user,
                  @RequestParam(required = false) String actor, @RequestParam(required = false) String pupil,
                  @RequestParam(required = false) String purpose, @RequestParam(required = false) String action,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(required = false) String flag, @RequestParam(required = false) String unreviewed,
                  @RequestParam(required = false) String before, @RequestParam(required = false) String limit) {
        Instant start = ReviewParameters.instant(from, "from");
        Instant end = ReviewParameters.instant(to, "to");
        ReviewParameters.range(start, end);
        Query query = new Query(ReviewParameters.actor(actor), ReviewParameters.pupil(pupil),
                ReviewParameters.purpose(purpose), ReviewParameters.action(action), start, end,
                ReviewParameters.flag(flag), ReviewParameters.unreviewed(unreviewed), ReviewParameters.before(before),
                ReviewParameters.limit(limit));
        AccessLogReview.Page page = review.search(user.ownSchoolId(), query);
        return new PageView(page.entries(), page.next());
    }

    @PostMapping("/api/v1/access-log/{sequence}/review")
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    @ResponseStatus(HttpStatus.CREATED)
    Review markReviewed(@AuthenticationPrincipal CustodianUser user, @PathVariable long sequence,
                        @RequestBody NoteRequest request) {
        return review.markReviewed(user.ownSchoolId(), sequence, user.id(), request.note());
    }

    /** {@code next}: pass it as {@code before} for the next (older) page; null on the last page. */
    record PageView(List<Entry> entries, Long next) {
    }

    record NoteRequest(String note) {

        @Override
        public String toString() {
            return "NoteRequest[note=" + (note == null ? "none" : note.length() + " characters") + "]";
        }
    }
}
