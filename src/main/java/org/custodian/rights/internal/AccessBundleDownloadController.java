package org.custodian.rights.internal;

import java.util.UUID;

import org.custodian.web.ProblemException;
import org.custodian.web.PublicEndpoint;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The requester's one-time download: public (the requester has no account), the link's random token
 * and the passcode sent separately stand in for a sign-in. One download, then the link is gone; it
 * also ends after seven days or too many wrong passcodes.
 */
@Controller
class AccessBundleDownloadController {

    static final String PATH = "/bundle-download/{school}/{token}";

    private final AccessBundles bundles;

    AccessBundleDownloadController(AccessBundles bundles) {
        this.bundles = bundles;
    }

    @GetMapping(PATH)
    @PublicEndpoint
    String page(@PathVariable String school, @PathVariable String token, Model model) {
        UUID schoolId = schoolId(school);
        model.addAttribute("school", school);
        model.addAttribute("token", token);
        model.addAttribute("usable", schoolId != null && bundles.linkUsable(schoolId, token));
        return "rights/bundle-download";
    }

    @PostMapping(PATH)
    @PublicEndpoint
    Object download(@PathVariable String school, @PathVariable String token,
                    @RequestParam(name = "passcode", required = false) String passcode, Model model) {
        UUID schoolId = schoolId(school);
        model.addAttribute("school", school);
        model.addAttribute("token", token);
        if (schoolId == null) {
            model.addAttribute("usable", false);
            return "rights/bundle-download";
        }
        try {
            byte[] zip = bundles.downloadByLink(schoolId, token, passcode);
            return ResponseEntity.ok().contentType(org.springframework.http.MediaType.parseMediaType("application/zip"))
                    .header("Content-Disposition", "attachment; filename=\"your-data.zip\"")
                    .header("Cache-Control", "no-store").body(zip);
        } catch (ProblemException e) {
            boolean wrong = "bundle-passcode-wrong".equals(e.code());
            model.addAttribute("usable", wrong && bundles.linkUsable(schoolId, token));
            model.addAttribute("errors", wrong ? new org.custodian.web.FormErrors().add("passcode", "The passcode is not right")
                    : new org.custodian.web.FormErrors());
            return "rights/bundle-download";
        }
    }

    private static UUID schoolId(String school) {
        try {
            return UUID.fromString(school);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
