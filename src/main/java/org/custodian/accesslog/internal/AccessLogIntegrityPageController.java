package org.custodian.accesslog.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.accesslog.AccessLogVerifier.Verification;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.FormErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The school's view of its log's integrity: the latest signed checkpoint, when it was last emailed
 * to the school, "verify now" (optionally against a checkpoint the school saved), emailing it now,
 * and downloads of the checkpoint and of the export the offline verifier reads.
 */
@Controller
class AccessLogIntegrityPageController {

    static final String PATH = "/school/access-log/integrity";
    /** A signed checkpoint is a few hundred characters; anything much longer is not one. */
    static final int MAX_SAVED_CHECKPOINT = 4096;

    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.UK);

    /** What each problem means, for the school. */
    private static final Map<String, String> PROBLEMS = Map.ofEntries(
            Map.entry("position-missing", "A place in the log is empty: entries were removed."),
            Map.entry("leaf-hash", "An entry no longer matches the fingerprint recorded for it: it was changed."),
            Map.entry("entry-missing", "An entry was deleted, and not at the end of its retention period."),
            Map.entry("node-hash", "A stored fingerprint of a group of entries was changed."),
            Map.entry("checkpoint-root", "The entries no longer match a signed checkpoint: history was rewritten."),
            Map.entry("checkpoint-signature", "A checkpoint's signature is not Custodian's: it was forged or altered."),
            Map.entry("leaves-without-checkpoint", "Entries are not covered by any signed checkpoint: checkpoints were removed."),
            Map.entry("checkpoint-beyond-tree", "A checkpoint covers more entries than the log holds: entries were removed from its end."),
            Map.entry("entry-not-integrated", "Entries were recorded but not added to the verifiable log in time."),
            Map.entry("saved-checkpoint-invalid", "What you pasted is not a checkpoint of this school signed by Custodian."),
            Map.entry("truncated", "The log is shorter than your saved checkpoint: entries were removed from its end."),
            Map.entry("history-forks", "The log's history differs from your saved checkpoint: it was rewritten."));

    private final CheckpointStore checkpoints;
    private final CheckpointMail mail;
    private final AccessLogVerifier verifier;
    private final Schools schools;
    private final Tenancy tenancy;

    AccessLogIntegrityPageController(CheckpointStore checkpoints, CheckpointMail mail, AccessLogVerifier verifier,
                                     Schools schools, Tenancy tenancy) {
        this.checkpoints = checkpoints;
        this.mail = mail;
        this.verifier = verifier;
        this.schools = schools;
        this.tenancy = tenancy;
    }

    @GetMapping(PATH)
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    String page(@AuthenticationPrincipal CustodianUser user, Model model) {
        return render(user, new FormErrors(), "", model);
    }

    @PostMapping(PATH + "/verify")
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    String verify(@AuthenticationPrincipal CustodianUser user,
                  @RequestParam(name = "savedCheckpoint", defaultValue = "") String savedCheckpoint,
                  HttpServletResponse response, Model model) {
        FormErrors errors = new FormErrors();
        String saved = savedCheckpoint.strip();
        if (saved.length() > MAX_SAVED_CHECKPOINT) {
            errors.add("savedCheckpoint", "A checkpoint is a few lines long. Paste only the lines between the dashes.");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return render(user, errors, "", model);
        }
        UUID school = user.ownSchoolId();
        // Saved copies lose their final line end in mail clients and text boxes; a signed note ends with one.
        Verification result = saved.isEmpty() ? verifier.verify(school) : verifier.verify(school, saved + "\n");
        model.addAttribute("result", result);
        model.addAttribute("againstSaved", !saved.isEmpty());
        model.addAttribute("problemText", result.problem() == null ? null
                : PROBLEMS.getOrDefault(result.problem(), result.problem()));
        return render(user, errors, saved, model);
    }

    @PostMapping(PATH + "/email")
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    String email(@AuthenticationPrincipal CustodianUser user, RedirectAttributes redirect) {
        CheckpointMail.Sending sending = mail.sendNow(schools.get(user.ownSchoolId(), user));
        // A plain number: flash attributes live in the (serialised, encrypted) session.
        redirect.addFlashAttribute("emailedTo", sending.recipients());
        return "redirect:" + PATH;
    }

    private String render(CustodianUser user, FormErrors errors, String saved, Model model) {
        UUID school = user.ownSchoolId();
        var latest = tenancy.inSchool(school, () -> checkpoints.latest(school));
        var sent = mail.lastSent(school);
        model.addAttribute("errors", errors);
        model.addAttribute("savedCheckpoint", saved);
        model.addAttribute("checkpoint", latest.orElse(null));
        model.addAttribute("checkpointMadeAt", latest.map(c -> WHEN.format(c.createdAt().atZone(UK))).orElse(null));
        model.addAttribute("lastSent", sent.orElse(null));
        model.addAttribute("lastSentAt", sent.map(s -> WHEN.format(s.sentAt().atZone(UK))).orElse(null));
        return "accesslog/integrity";
    }
}
