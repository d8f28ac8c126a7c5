package org.custodian.identity.internal;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.internal.SessionAdministration.Revoked;
import org.custodian.identity.internal.SessionAdministration.Scope;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** "Who is signed in now": a school admin sees their school's people, the operator everyone. */
@Controller
class SessionPageController {

    private static final String SCHOOL = "/school/sessions";
    private static final String PLATFORM = "/platform/sessions";

    private final SessionAdministration sessions;

    SessionPageController(SessionAdministration sessions) {
        this.sessions = sessions;
    }

    @GetMapping(SCHOOL)
    @RequiresPermission(Permission.SCHOOL_SESSIONS)
    String school(@AuthenticationPrincipal CustodianUser actor, HttpServletRequest request, Model model) {
        return page(Scope.school(actor.schoolId()), SCHOOL, request, model);
    }

    @PostMapping(SCHOOL + "/{id}/revoke")
    @RequiresPermission(Permission.SCHOOL_SESSIONS)
    String revokeAtSchool(@PathVariable UUID id, @AuthenticationPrincipal CustodianUser actor,
                          HttpServletRequest request, RedirectAttributes redirect) {
        return after(sessions.revoke(Scope.school(actor.schoolId()), id, actor, currentSessionId(request)),
                SCHOOL, request, redirect);
    }

    @PostMapping(SCHOOL + "/users/{userId}/revoke")
    @RequiresPermission(Permission.SCHOOL_SESSIONS)
    String revokeAllAtSchool(@PathVariable UUID userId, @AuthenticationPrincipal CustodianUser actor,
                             HttpServletRequest request, RedirectAttributes redirect) {
        return after(sessions.revokeAllOf(Scope.school(actor.schoolId()), userId, actor, currentSessionId(request)),
                SCHOOL, request, redirect);
    }

    @GetMapping(PLATFORM)
    @RequiresPermission(Permission.ALL_SESSIONS)
    String platform(HttpServletRequest request, Model model) {
        return page(Scope.platform(), PLATFORM, request, model);
    }

    @PostMapping(PLATFORM + "/{id}/revoke")
    @RequiresPermission(Permission.ALL_SESSIONS)
    String revokeOnPlatform(@PathVariable UUID id, @AuthenticationPrincipal CustodianUser actor,
                            HttpServletRequest request, RedirectAttributes redirect) {
        return after(sessions.revoke(Scope.platform(), id, actor, currentSessionId(request)), PLATFORM, request,
                redirect);
    }

    @PostMapping(PLATFORM + "/users/{userId}/revoke")
    @RequiresPermission(Permission.ALL_SESSIONS)
    String revokeAllOnPlatform(@PathVariable UUID userId, @AuthenticationPrincipal CustodianUser actor,
                               HttpServletRequest request, RedirectAttributes redirect) {
        return after(sessions.revokeAllOf(Scope.platform(), userId, actor, currentSessionId(request)), PLATFORM,
                request, redirect);
    }

    private String page(Scope scope, String path, HttpServletRequest request, Model model) {
        model.addAttribute("sessions", sessions.list(scope, currentSessionId(request)));
        model.addAttribute("path", path);
        model.addAttribute("platform", scope.schoolId() == null);
        return "identity/sessions";
    }

    private static String after(Revoked revoked, String path, HttpServletRequest request,
                                RedirectAttributes redirect) {
        if (endedOwnSession(revoked, request)) {
            return "redirect:/login?signed-out";
        }
        redirect.addFlashAttribute("banner", switch (revoked.count()) {
            case 0 -> "There was no session to end.";
            case 1 -> "The session has been ended.";
            default -> revoked.count() + " sessions have been ended.";
        });
        return "redirect:" + path;
    }

    /** Revoking one's own session signs out here and now, so this request does not store it again. */
    static boolean endedOwnSession(Revoked revoked, HttpServletRequest request) {
        if (!revoked.includedCurrent()) {
            return false;
        }
        request.getSession().invalidate();
        SecurityContextHolder.clearContext();
        return true;
    }

    /** This request's session as the store knows it (its id's hash), to be told apart in lists. */
    static String currentSessionId(HttpServletRequest request) {
        var session = request.getSession(false);
        return session == null ? null : StoredSessionIds.of(session.getId());
    }
}
