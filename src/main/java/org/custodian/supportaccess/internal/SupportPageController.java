package org.custodian.supportaccess.internal;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The support engineer's pages: the schools that consent now, and within one of them finding and
 * reading a pupil, always with a reason. Reads are POSTs so that the reason and any UPN or name
 * never appear in a URL; each answer is marked not to be stored.
 */
@Controller
@RequestMapping("/support/schools")
@RequiresPermission(Permission.SUPPORT_ACCESS)
class SupportPageController {

    private final SupportReach reach;
    private final PupilRecords pupils;

    SupportPageController(SupportReach reach, PupilRecords pupils) {
        this.reach = reach;
        this.pupils = pupils;
    }

    @GetMapping
    String schools(@AuthenticationPrincipal CustodianUser engineer, Model model) {
        model.addAttribute("schools", reach.schools(engineer));
        return "supportaccess/schools";
    }

    @GetMapping("/{schoolId}")
    String school(@AuthenticationPrincipal CustodianUser engineer, @PathVariable UUID schoolId, Model model) {
        return searchPage(reach.school(engineer, schoolId), new SearchForm(null, null, null), new FormErrors(), null,
                model);
    }

    @PostMapping("/{schoolId}/pupils")
    String search(@AuthenticationPrincipal CustodianUser engineer, @PathVariable UUID schoolId, SearchForm form,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        ReachableSchool school = reach.school(engineer, schoolId);
        noStore(response);
        try {
            var page = pupils.search(reach.context(engineer, request, schoolId, form.reason()),
                    new PupilRecords.PupilSearch(form.upn(), form.name(), 0, 50));
            return searchPage(school, form, new FormErrors(), page.pupils(), model);
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            response.setStatus(e.status().value());
            return searchPage(school, form, new FormErrors().add("reason", e.getMessage()), null, model);
        }
    }

    @PostMapping("/{schoolId}/pupils/{pupilId}")
    String pupil(@AuthenticationPrincipal CustodianUser engineer, @PathVariable UUID schoolId,
                 @PathVariable UUID pupilId, SearchForm form, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        ReachableSchool school = reach.school(engineer, schoolId);
        noStore(response);
        PupilRecord record = pupils.read(reach.context(engineer, request, schoolId, form.reason()), pupilId,
                school.categories());
        model.addAttribute("school", school);
        model.addAttribute("pupil", record);
        return "supportaccess/pupil";
    }

    private String searchPage(ReachableSchool school, SearchForm form, FormErrors errors,
                              List<PupilRecord> found, Model model) {
        model.addAttribute("school", school);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("found", found);
        return "supportaccess/school";
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }

    record SearchForm(String reason, String upn, String name) {
        @Override
        public String toString() {
            return "SearchForm[redacted]";
        }
    }
}
