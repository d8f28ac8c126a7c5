package org.custodian.terms.internal;

import org.custodian.privacy.NoPersonalData;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.terms.Term;
import org.custodian.terms.internal.TermRules.TermEdit;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The school admin's term dates page: terms that have not ended are edited together on one form
 * (with one empty row to add a term); ended terms are shown for reference. The school is always
 * the admin's own: no school id is taken from the request.
 */
@Controller
@RequestMapping("/school/terms")
class TermsController {

    private static final int PAST_TERMS_SHOWN = 6;

    private final JdbcSchoolTerms terms;

    TermsController(JdbcSchoolTerms terms) {
        this.terms = terms;
    }

    @GetMapping
    @RequiresPermission(Permission.USERS_MANAGE)
    String page(@AuthenticationPrincipal CustodianUser user, Model model) {
        List<Term> all = terms.terms(user.ownSchoolId());
        LocalDate today = terms.today();
        List<Row> rows = new ArrayList<>();
        for (Term term : all) {
            if (!term.hasEnded(today)) {
                rows.add(new Row(rows.size(), term.id(), term.name(), term.startsOn().toString(),
                        term.endsOn().toString(), false, term.hasStarted(today)));
            }
        }
        rows.add(Row.blank(rows.size()));
        return page(all, today, rows, new FormErrors(), model);
    }

    @PostMapping
    @RequiresPermission(Permission.USERS_MANAGE)
    String save(@AuthenticationPrincipal CustodianUser user, @RequestParam MultiValueMap<String, String> form,
                HttpServletResponse response, Model model, RedirectAttributes redirect) {
        UUID schoolId = user.ownSchoolId();
        List<TermEdit> edits = edits(form);
        FormErrors errors = terms.save(schoolId, edits);
        if (errors.isEmpty()) {
            redirect.addFlashAttribute("banner", "The term dates have been saved.");
            return "redirect:/school/terms";
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        List<Term> all = terms.terms(schoolId);
        LocalDate today = terms.today();
        Map<UUID, Term> byId = all.stream().collect(Collectors.toMap(Term::id, Function.identity()));
        // Show what was typed, so the admin corrects only what the errors point at.
        List<Row> rows = edits.stream().map(edit -> {
            Term current = edit.id() == null ? null : byId.get(edit.id());
            boolean started = current != null && current.hasStarted(today);
            return new Row(edit.row(), edit.id(), edit.name(), started ? current.startsOn().toString() : edit.startsOn(),
                    edit.endsOn(), edit.remove(), started);
        }).toList();
        return page(all, today, rows, errors, model);
    }

    private String page(List<Term> all, LocalDate today, List<Row> rows, FormErrors errors, Model model) {
        model.addAttribute("rows", rows);
        model.addAttribute("pastTerms", all.stream().filter(term -> term.hasEnded(today))
                .sorted(Comparator.comparing(Term::startsOn).reversed()).limit(PAST_TERMS_SHOWN).toList());
        model.addAttribute("errors", errors);
        return "terms/terms";
    }

    /** Rows are numbered from 0; the form sends id-n, name-n, starts-n, ends-n and remove-n. */
    private static List<TermEdit> edits(MultiValueMap<String, String> form) {
        List<TermEdit> edits = new ArrayList<>();
        for (int row = 0; row <= TermRules.MAX_ROWS; row++) {
            String id = form.getFirst("id-" + row);
            String name = form.getFirst("name-" + row);
            String starts = form.getFirst("starts-" + row);
            String ends = form.getFirst("ends-" + row);
            if (id == null && name == null && starts == null && ends == null) {
                break;
            }
            edits.add(new TermEdit(row, parseId(id), name, starts, ends, form.containsKey("remove-" + row)));
        }
        return edits;
    }

    private static UUID parseId(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("term-not-found", "There is no term with that id.");
        }
    }


    /** One row of the form as shown: dates as ISO text (what date fields hold), or as typed. */
    @NoPersonalData("a term's name and dates")
    record Row(int index, UUID id, String name, String startsOn, String endsOn, boolean remove, boolean started) {

        static Row blank(int index) {
            return new Row(index, null, "", "", "", false, false);
        }

        /** The first day as a date, for showing a started term's fixed start. */
        public LocalDate startDate() {
            return TermRules.parse(startsOn);
        }
    }
}
