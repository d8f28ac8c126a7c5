package org.custodian.misimport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.custodian.identity.ApiTokens;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresEitherPermission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.StaffAccounts;
import org.custodian.identity.Role;
import org.custodian.web.ProblemException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The data manager's import pages: upload a file, watch its preview run (a progress bar that htmx
 * refreshes every second), read what it would change, then commit or discard it; and the history.
 */
@Controller
@RequestMapping("/imports")
class ImportPageController {

    private final ImportJobs jobs;
    private final StaffAccounts staff;
    private final ApiTokens apiTokens;

    ImportPageController(ImportJobs jobs, StaffAccounts staff, ApiTokens apiTokens) {
        this.jobs = jobs;
        this.staff = staff;
        this.apiTokens = apiTokens;
    }

    /** Who uploaded: a member of staff by name, an MIS partner's system by its API token's label. */
    private Map<UUID, String> uploaders(UUID school, Collection<UUID> ids) {
        Map<UUID, String> names = new HashMap<>(staff.displayNames(school, ids));
        apiTokens.list(school).stream().filter(token -> ids.contains(token.id()))
                .forEach(token -> names.put(token.id(), "API token: " + token.label()));
        return names;
    }

    @GetMapping
    @RequiresEitherPermission(value = Permission.PUPIL_IMPORT, or = Permission.IMPORTS_VIEW)
    String imports(@AuthenticationPrincipal CustodianUser user, Model model) {
        List<ImportJob> history = jobs.history(user.ownSchoolId(), 50);
        model.addAttribute("history", history);
        model.addAttribute("uploaders", uploaders(user.ownSchoolId(),
                history.stream().map(ImportJob::createdBy).collect(Collectors.toSet())));
        model.addAttribute("mayOverride", user.role() == Role.SCHOOL_ADMIN);
        model.addAttribute("mayImport", user.has(Permission.PUPIL_IMPORT));
        return "misimport/imports";
    }

    /** The CSV column reference, from the same alias table the reader uses (docs/csv-columns.md agrees with it). */
    @GetMapping("/columns")
    @RequiresEitherPermission(value = Permission.PUPIL_IMPORT, or = Permission.IMPORTS_VIEW)
    String columns(Model model) {
        List<CsvColumns.Column> all = List.of(CsvColumns.Column.values());
        model.addAttribute("fields", all.stream().filter(column -> column.category() == null).toList());
        model.addAttribute("categories", all.stream().filter(column -> column.category() != null).toList());
        return "misimport/columns";
    }

    @PostMapping
    @RequiresPermission(Permission.PUPIL_IMPORT)
    String upload(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request,
                  @RequestParam(value = "file", required = false) MultipartFile file,
                  @RequestParam(defaultValue = "false") boolean full,
                  @RequestParam(defaultValue = "false") boolean overrideSchoolCheck,
                  @RequestParam(required = false) String referenceDate,
                  RedirectAttributes redirect) {
        // A form sent with no file chosen carries a file part with an empty name: a form error, not an import.
        if (file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()) {
            redirect.addFlashAttribute("uploadError", "Choose a CTF (.xml) or CSV file to import.");
            return "redirect:/imports";
        }
        try (InputStream content = file.getInputStream()) {
            UUID id = jobs.upload(ImportApiController.caller(user, request), content, file.getOriginalFilename(), full,
                    overrideSchoolCheck, ImportJobs.referenceDate(referenceDate));
            return "redirect:/imports/" + id;
        } catch (ProblemException e) {
            redirect.addFlashAttribute("uploadError", e.getMessage());
            return "redirect:/imports";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping("/{id}")
    @RequiresEitherPermission(value = Permission.PUPIL_IMPORT, or = Permission.IMPORTS_VIEW)
    String job(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, Model model) {
        ImportJob job = jobs.find(user.ownSchoolId(), id).orElseThrow(ImportJobs::notFound);
        model.addAttribute("job", job);
        model.addAttribute("uploaders", uploaders(user.ownSchoolId(), Set.of(job.createdBy())));
        model.addAttribute("mayImport", user.has(Permission.PUPIL_IMPORT));
        return "misimport/import";
    }

    /** The progress bar alone, polled while the job runs; once it has ended the whole page reloads. */
    @GetMapping("/{id}/progress")
    @RequiresEitherPermission(value = Permission.PUPIL_IMPORT, or = Permission.IMPORTS_VIEW)
    String progress(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, Model model,
                    HttpServletResponse response) {
        ImportJob job = jobs.find(user.ownSchoolId(), id).orElseThrow(ImportJobs::notFound);
        if (!job.state().running()) {
            response.setHeader("HX-Refresh", "true");
        }
        model.addAttribute("job", job);
        return "misimport/import :: progress";
    }

    @PostMapping("/{id}/commit")
    @RequiresPermission(Permission.PUPIL_IMPORT)
    String commit(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request, @PathVariable UUID id,
                  RedirectAttributes redirect) {
        try {
            jobs.commit(ImportApiController.caller(user, request), id);
        } catch (ProblemException e) {
            redirect.addFlashAttribute("banner", e.getMessage());
        }
        return "redirect:/imports/" + id;
    }

    @PostMapping("/{id}/discard")
    @RequiresPermission(Permission.PUPIL_IMPORT)
    String discard(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        try {
            jobs.discard(user, id);
            redirect.addFlashAttribute("banner", "The import was discarded and its file deleted. Nothing was changed.");
        } catch (ProblemException e) {
            redirect.addFlashAttribute("banner", e.getMessage());
        }
        return "redirect:/imports/" + id;
    }

    @GetMapping(value = "/{id}/report.csv", produces = "text/csv")
    @RequiresEitherPermission(value = Permission.PUPIL_IMPORT, or = Permission.IMPORTS_VIEW)
    org.springframework.http.ResponseEntity<String> report(@AuthenticationPrincipal CustodianUser user,
                                                           @PathVariable UUID id) {
        ImportJob job = jobs.find(user.ownSchoolId(), id).orElseThrow(ImportJobs::notFound);
        return ImportApiController.reportResponse(job);
    }
}
