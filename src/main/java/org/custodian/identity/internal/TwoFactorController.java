package org.custodian.identity.internal;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.identity.SignInStep;
import org.springframework.http.CacheControl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Enrolling a TOTP authenticator, and entering its code (or a recovery code) at sign-in. */
@Controller
@SignInStep
class TwoFactorController {

    private static final String PENDING_SECRET = "custodian.pendingTotpSecret";

    private final SignInFlow flow;
    private final TotpSecrets totp;
    private final RecoveryCodes recoveryCodes;
    private final FailedGuesses guesses;
    private final SecurityEvents events;

    TwoFactorController(SignInFlow flow, TotpSecrets totp, RecoveryCodes recoveryCodes, FailedGuesses guesses,
                        SecurityEvents events) {
        this.flow = flow;
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.guesses = guesses;
        this.events = events;
    }

    @GetMapping("/sign-in/two-factor")
    String challenge() {
        return "identity/two-factor";
    }

    @PostMapping("/sign-in/two-factor")
    String verify(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        StagedAuthentication sign = staged();
        if (code.isBlank()) {
            return empty("Enter the 6-digit code from your authenticator app", "identity/two-factor", response, model);
        }
        if (totp.verify(sign.user().id(), code)) {
            return "redirect:" + flow.proceed(sign.withSecondFactorVerified(), request, response);
        }
        return refused(sign, "The code is not valid. Enter the current 6-digit code from your authenticator app.",
                "identity/two-factor", request, response, model);
    }

    @GetMapping("/sign-in/recovery-code")
    String recoveryForm() {
        return "identity/recovery-code";
    }

    @PostMapping("/sign-in/recovery-code")
    String recover(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
                   HttpServletResponse response, Model model) {
        StagedAuthentication sign = staged();
        if (code.isBlank()) {
            return empty("Enter one of the recovery codes you saved when you set up two-factor authentication",
                    "identity/recovery-code", response, model);
        }
        if (recoveryCodes.use(sign.user().id(), code)) {
            events.record(SecurityEventType.RECOVERY_CODE_USED, sign.user(), sign.user(),
                    recoveryCodes.remaining(sign.user().id()) + " left");
            return "redirect:" + flow.proceed(sign.withSecondFactorVerified(), request, response);
        }
        return refused(sign, "That recovery code is not valid or has been used. Check it, or enter another of your"
                        + " saved codes.", "identity/recovery-code",
                request, response, model);
    }

    @GetMapping("/account/two-factor/setup")
    String setup(HttpSession session, Model model, HttpServletResponse response) {
        StagedAuthentication sign = staged();
        byte[] secret = (byte[]) session.getAttribute(PENDING_SECRET);
        if (secret == null) {
            secret = totp.newSecret();
            session.setAttribute(PENDING_SECRET, secret);
        }
        String uri = TotpSecrets.provisioningUri(sign.user().getUsername(), secret);
        model.addAttribute("qrCode", TotpSecrets.qrCodeDataUri(uri));
        model.addAttribute("manualKey", TotpSecrets.manualKey(secret).replaceAll("(.{4})(?!$)", "$1 "));
        response.setHeader("Cache-Control", CacheControl.noStore().getHeaderValue());
        return "identity/two-factor-setup";
    }

    @PostMapping("/account/two-factor/setup")
    String confirmSetup(@RequestParam(defaultValue = "") String code, HttpSession session, Model model,
                        HttpServletRequest request, HttpServletResponse response) {
        StagedAuthentication sign = staged();
        byte[] secret = (byte[]) session.getAttribute(PENDING_SECRET);
        var step = secret == null ? java.util.Optional.<Long>empty() : totp.matchingStep(secret, code);
        if (step.isEmpty()) {
            model.addAttribute("error", "The code is not valid. Scan the QR code again and enter the 6-digit code.");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return setup(session, model, response);
        }
        totp.enrol(sign.user().id(), secret, step.get());
        session.removeAttribute(PENDING_SECRET);
        List<String> codes = recoveryCodes.regenerate(sign.user().id());
        events.record(SecurityEventType.SECOND_FACTOR_ENROLLED, sign.user(), sign.user(), null);
        // Possession is proven: the person goes on from here once they have saved the codes.
        flow.save(sign.withSecondFactorVerified(), request, response);
        model.addAttribute("recoveryCodes", codes);
        response.setHeader("Cache-Control", CacheControl.noStore().getHeaderValue());
        return "identity/recovery-codes";
    }

    @PostMapping("/account/two-factor/setup/done")
    String setupDone(HttpServletRequest request, HttpServletResponse response) {
        return "redirect:" + flow.proceed(staged(), request, response);
    }

    /** A field sent empty: said what to enter; not a guess, so it uses none of the budget. */
    private static String empty(String message, String view, HttpServletResponse response, Model model) {
        model.addAttribute("error", message);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return view;
    }

    private String refused(StagedAuthentication sign, String message, String view, HttpServletRequest request,
                           HttpServletResponse response, Model model) {
        GuessingClient client = guesses.client(sign.user(), request);
        guesses.record(sign.user(), client, SecurityEventType.SECOND_FACTOR_FAILED, null);
        if (guesses.locked(client)) {
            // Too many wrong codes: this sign-in ends; the lockout email has gone out.
            request.getSession().invalidate();
            SecurityContextHolder.clearContext();
            return "redirect:/login?error";
        }
        model.addAttribute("error", message);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return view;
    }

    private static StagedAuthentication staged() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof StagedAuthentication sign) {
            return sign;
        }
        throw new org.custodian.web.ProblemException(org.springframework.http.HttpStatus.CONFLICT,
                "sign-in-complete", "You are already signed in.");
    }
}
