package org.custodian.review.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.review.internal.TermlyReviews.Recorded;
import org.custodian.review.internal.TermlyReviews.ReviewDetail;
import org.custodian.review.internal.TermlyReviews.ReviewSummary;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The school admin's termly access reviews. The school is always the admin's own; a review id of
 * another school is answered exactly like an unknown one.
 */
@Controller
@RequestMapping("/school/reviews")
class ReviewController {

    /** Each undecided account's choice arrives as decision-{user id} = CONFIRMED or DISABLED. */
    private static final String DECISION_PREFIX = "decision-";

    private final TermlyReviews reviews;

    ReviewController(TermlyReviews reviews) {
        this.reviews = reviews;
    }

    @GetMapping
    @RequiresPermission(Permission.USERS_MANAGE)
    String reviews(@AuthenticationPrincipal CustodianUser user, Model model) {
        UUID schoolId = user.ownSchoolId();
        Optional<UUID> current = reviews.current(schoolId);
        List<ReviewSummary> all = reviews.all(schoolId);
        model.addAttribute("current", all.stream().filter(review -> current.map(review.id()::equals).orElse(false))
                .findFirst().orElse(null));
        model.addAttribute("past", all.stream().filter(review -> current.map(id -> !review.id().equals(id)).orElse(true))
                .toList());
        return "review/reviews";
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.USERS_MANAGE)
    String review(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, Model model) {
        return reviewPage(user, reviews.get(user.ownSchoolId(), id), new FormErrors(), model);
    }

    @PostMapping("/{id}")
    @RequiresPermission(Permission.USERS_MANAGE)
    String decide(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                  @RequestParam MultiValueMap<String, String> form, HttpServletResponse response, Model model,
                  RedirectAttributes redirect) {
        UUID schoolId = user.ownSchoolId();
        Map<UUID, Decision> decisions = decisions(form);
        FormErrors errors = new FormErrors();
        if (decisions.isEmpty()) {
            errors.add("decisions", "Choose Confirm or Disable for at least one account.");
        } else {
            try {
                Recorded recorded = reviews.decide(schoolId, id, decisions, user);
                redirect.addFlashAttribute("banner", banner(recorded, reviews.get(schoolId, id).summary()));
                return "redirect:/school/reviews/" + id;
            } catch (ProblemException e) {
                if (!FormErrors.fixableOnForm(e)) {
                    throw e;
                }
                errors.add("decisions", e.getMessage());
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return reviewPage(user, reviews.get(schoolId, id), errors, model);
    }

    @GetMapping("/{id}/dormant")
    @RequiresPermission(Permission.USERS_MANAGE)
    String confirmDormant(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, Model model) {
        ReviewDetail review = reviews.get(user.ownSchoolId(), id);
        model.addAttribute("review", review.summary());
        model.addAttribute("dormant", reviews.dormantUndecided(review, user));
        return "review/dormant";
    }

    @PostMapping("/{id}/dormant")
    @RequiresPermission(Permission.USERS_MANAGE)
    String disableDormant(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                          @RequestParam(name = "userId", required = false) List<String> userIds,
                          RedirectAttributes redirect) {
        Set<UUID> confirmed = new HashSet<>();
        for (String userId : userIds == null ? List.<String>of() : userIds) {
            confirmed.add(parseUserId(userId));
        }
        int disabled = reviews.disableDormant(user.ownSchoolId(), id, confirmed, user);
        redirect.addFlashAttribute("banner", switch (disabled) {
            case 0 -> "No account has been disabled: none of those shown is still dormant and undecided.";
            case 1 -> "1 dormant account has been disabled.";
            default -> disabled + " dormant accounts have been disabled.";
        });
        return "redirect:/school/reviews/" + id;
    }

    private String reviewPage(CustodianUser user, ReviewDetail review, FormErrors errors, Model model) {
        model.addAttribute("review", review.summary());
        model.addAttribute("items", review.items());
        model.addAttribute("dormantCount", reviews.dormantUndecided(review, user).size());
        model.addAttribute("errors", errors);
        return "review/review";
    }

    private static Map<UUID, Decision> decisions(MultiValueMap<String, String> form) {
        Map<UUID, Decision> decisions = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith(DECISION_PREFIX) && !values.isEmpty()) {
                UUID userId = parseUserId(name.substring(DECISION_PREFIX.length()));
                try {
                    decisions.put(userId, Decision.valueOf(values.get(0)));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badRequest("invalid-decision", "A decision is either CONFIRMED or DISABLED.");
                }
            }
        });
        return decisions;
    }

    private static UUID parseUserId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("user-not-in-review", "There is no such account in this review.");
        }
    }

    private static String banner(Recorded recorded, ReviewSummary review) {
        StringBuilder text = new StringBuilder();
        text.append(recorded.recorded() == 1 ? "1 decision recorded" : recorded.recorded() + " decisions recorded");
        if (recorded.disabled() > 0) {
            text.append(recorded.disabled() == 1 ? "; 1 account disabled" : "; " + recorded.disabled() + " accounts disabled");
        }
        text.append('.');
        if (recorded.alreadyDecided() > 0) {
            text.append(' ').append(recorded.alreadyDecided()).append(" had already been decided by someone else.");
        }
        if (review.complete()) {
            text.append(" The review is complete.");
        }
        return text.toString();
    }

}
