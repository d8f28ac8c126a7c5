package org.custodian.pupils.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.pupils.PupilRecords;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The DPO's page for re-admitting a pupil erased earlier: the UPN and a reason go in a POST (never
 * a URL) to {@link PupilRecords#readmit} under the purpose {@code READMISSION}.
 */
@Controller
@RequestMapping("/pupils/readmissions")
@RequiresPermission(Permission.PUPIL_READMIT)
class ReadmissionPageController {

    private final PupilRecords pupils;

    ReadmissionPageController(PupilRecords pupils) {
        this.pupils = pupils;
    }

    @GetMapping
    String form(Model model) {
        return page(new ReadmissionForm(null, null), new FormErrors(), model);
    }

    @PostMapping
    String readmit(@AuthenticationPrincipal CustodianUser user, ReadmissionForm form, HttpServletRequest request,
                   HttpServletResponse response, Model model, RedirectAttributes redirect) {
        FormErrors errors = new FormErrors();
        if (PupilTask.blankToNull(form.upn()) == null) {
            errors.add("upn", "Enter the UPN of the returning pupil.");
        }
        if (PupilTask.blankToNull(form.reason()) == null) {
            errors.add("reason", "Enter why the pupil is re-admitted.");
        }
        if (errors.isEmpty()) {
            try {
                pupils.readmit(AccessHeaders.context(user, request, JdbcPupilRecords.READMISSION, form.reason()),
                        form.upn());
                redirect.addFlashAttribute("banner",
                        "The pupil has been re-admitted: they can now be added or imported again.");
                return "redirect:/pupils/readmissions";
            } catch (ProblemException e) {
                switch (e.code()) {
                    case "invalid-upn", "not-erased" -> errors.add("upn", e.getMessage());
                    case "reason-required", "reason-too-long" -> errors.add("reason", e.getMessage());
                    default -> throw e;
                }
                response.setStatus(e.status().value());
                return page(form, errors, model);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(form, errors, model);
    }

    private static String page(ReadmissionForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "pupils/readmit";
    }

    /** The UPN is sent back only into its own input when the form is shown again, never into a message. */
    record ReadmissionForm(String upn, String reason) {
        @Override
        public String toString() {
            return "ReadmissionForm[redacted]";
        }
    }
}
