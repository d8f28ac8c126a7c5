package org.custodian.identity.internal;

import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Manage Users for a school admin. The school is always the admin's own (never taken from the
 * URL); a user id of another school answers exactly like an unknown one (404).
 */
@Controller
@RequestMapping("/school/users")
@RequiresPermission(Permission.USERS_MANAGE)
class ManageUsersPageController {

    private final StaffAdministration staff;

    ManageUsersPageController(StaffAdministration staff) {
        this.staff = staff;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustodianUser actor, @RequestParam(defaultValue = "newest") String order,
                Model model) {
        StaffAdministration.Order chosen = "name".equals(order)
                ? StaffAdministration.Order.NAME : StaffAdministration.Order.NEWEST;
        model.addAttribute("users", staff.list(actor, chosen));
        model.addAttribute("order", chosen);
        return "identity/users";
    }

    @GetMapping("/invite")
    String inviteForm(Model model) {
        return invitePage(new InviteForm(null, null, null), new FormErrors(), model);
    }

    @PostMapping("/invite")
    String invite(@AuthenticationPrincipal CustodianUser actor, InviteForm form, HttpServletResponse response,
                  Model model, RedirectAttributes redirect) {
        FormErrors invalid = new FormErrors();
        StaffAdministration.inviteProblems(form.name(), form.email(), form.role())
                .forEach(problem -> invalid.add(inviteField(problem.code()), onPage(problem)));
        if (!invalid.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return invitePage(form, invalid, model);
        }
        try {
            UUID invited = staff.invite(actor, form.name(), form.email(), form.role());
            redirect.addFlashAttribute("banner", "Invitation sent. The link in it works once, until the time shown below.");
            return "redirect:/school/users/" + invited;
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            response.setStatus(e.status().value());
            return invitePage(form, new FormErrors().add(inviteField(e.code()), onPage(e)), model);
        }
    }

    @GetMapping("/{id}")
    String user(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id, Model model) {
        return userPage(actor, staff.get(actor, id), new FormErrors(), model);
    }

    @PostMapping("/{id}/role")
    String changeRole(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id,
                      @RequestParam(defaultValue = "") String role, HttpServletResponse response, Model model,
                      RedirectAttributes redirect) {
        return act(actor, id, "role", () -> staff.changeRole(actor, id, role), "The role has been changed.",
                response, model, redirect);
    }

    @PostMapping("/{id}/disable")
    String disable(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id, HttpServletResponse response,
                   Model model, RedirectAttributes redirect) {
        return act(actor, id, "account", () -> staff.setEnabled(actor, id, false),
                "The account is disabled: it cannot sign in, and its sessions have ended.", response, model, redirect);
    }

    @PostMapping("/{id}/enable")
    String enable(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id, HttpServletResponse response,
                  Model model, RedirectAttributes redirect) {
        return act(actor, id, "account", () -> staff.setEnabled(actor, id, true), "The account is enabled again.",
                response, model, redirect);
    }

    @PostMapping("/{id}/unlock")
    String unlock(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id, HttpServletResponse response,
                  Model model, RedirectAttributes redirect) {
        return act(actor, id, "account", () -> staff.unlock(actor, id), "The account is unlocked.",
                response, model, redirect);
    }

    @PostMapping("/{id}/reset-two-factor")
    String resetTwoFactor(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id,
                          HttpServletResponse response, Model model, RedirectAttributes redirect) {
        return act(actor, id, "two-factor", () -> staff.resetSecondFactor(actor, id),
                "Two-factor authentication is reset: they must set it up again when they next sign in.",
                response, model, redirect);
    }

    @PostMapping("/{id}/invitation")
    String resendInvitation(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id,
                            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        return act(actor, id, "invitation", () -> staff.resendInvitation(actor, id),
                "A new invitation has been sent. The earlier link no longer works.", response, model, redirect);
    }

    @GetMapping("/{id}/remove")
    String confirmRemoval(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id, Model model) {
        model.addAttribute("user", staff.get(actor, id));
        return "identity/remove-user";
    }

    @PostMapping("/{id}/remove")
    String remove(@AuthenticationPrincipal CustodianUser actor, @PathVariable UUID id, HttpServletResponse response,
                  Model model, RedirectAttributes redirect) {
        StaffMember user = staff.get(actor, id);
        try {
            staff.remove(actor, id);
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            response.setStatus(e.status().value());
            return userPage(actor, user, new FormErrors().add("remove", e.getMessage()), model);
        }
        redirect.addFlashAttribute("banner", user.name() + " has been removed.");
        return "redirect:/school/users";
    }

    /** Runs one change; a refusal is shown on the user's page, next to the control it concerns. */
    private String act(CustodianUser actor, UUID id, String field, Runnable change, String done,
                       HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            change.run();
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            response.setStatus(e.status().value());
            return userPage(actor, staff.get(actor, id), new FormErrors().add(field, onPage(e)), model);
        }
        redirect.addFlashAttribute("banner", done);
        return "redirect:/school/users/" + id;
    }

    private String userPage(CustodianUser actor, StaffMember user, FormErrors errors, Model model) {
        model.addAttribute("user", user);
        model.addAttribute("self", user.id().equals(actor.id()));
        model.addAttribute("errors", errors);
        return "identity/user";
    }

    private String invitePage(InviteForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "identity/invite-user";
    }

    /** The API names the role codes; a page offers radios instead. */
    private static String onPage(ProblemException e) {
        return "invalid-role".equals(e.code()) ? "Choose a role." : e.getMessage();
    }

    private static String inviteField(String code) {
        return switch (code) {
            case "invalid-name" -> "name";
            case "invalid-role" -> "role";
            default -> "email";
        };
    }

    record InviteForm(String name, String email, String role) {

        @Override
        public String toString() {
            return "InviteForm[redacted]";
        }
    }
}
