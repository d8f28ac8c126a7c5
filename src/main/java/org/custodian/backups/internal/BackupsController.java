package org.custodian.backups.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.custodian.backups.BackupRun;
import org.custodian.backups.Backups;
import org.custodian.backups.BackupKind;
import org.custodian.backups.SchoolRestore;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.web.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.custodian.identity.RequiresPermission;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The operators' backup history: {@code /platform/backups} and {@code GET /api/v1/platform/backups}. */
@Controller
@RequiresPermission(Permission.MAINTENANCE)
class BackupsController {

    private static final int SHOWN = 100;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm:ss", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final Backups backups;
    private final BackupProperties properties;
    private final JdbcRestoreDrills drills;
    private final StagingRestorer stagingRestorer;
    private final Schools schools;

    BackupsController(Backups backups, BackupProperties properties, JdbcRestoreDrills drills,
                      StagingRestorer stagingRestorer, Schools schools) {
        this.backups = backups;
        this.properties = properties;
        this.drills = drills;
        this.stagingRestorer = stagingRestorer;
        this.schools = schools;
    }

    /** The confirm step: what will be restored, and into what, before anything is. */
    @GetMapping("/platform/backups/school-restores/confirm")
    String confirmSchoolRestore(@RequestParam(required = false) String dataBackup,
                                @RequestParam(required = false) String keyBackup,
                                @RequestParam(required = false) java.util.UUID schoolId, Model model) {
        School school = schoolId == null ? null : schools.all().stream().filter(s -> s.id().equals(schoolId)).findFirst()
                .orElse(null);
        model.addAttribute("dataBackup", dataBackup);
        model.addAttribute("keyBackup", keyBackup == null || keyBackup.isBlank() ? null : keyBackup);
        model.addAttribute("school", school);
        model.addAttribute("error", school == null ? "Choose a school." : dataBackup == null || dataBackup.isBlank()
                ? "Choose a data backup." : null);
        return "platform/school-restore-confirm";
    }

    @PostMapping("/platform/backups/school-restores")
    String restoreSchool(@RequestParam(required = false) String dataBackup,
                         @RequestParam(required = false) String keyBackup,
                         @RequestParam(required = false) java.util.UUID schoolId,
                         @AuthenticationPrincipal CustodianUser actor, HttpServletResponse response, Model model,
                         RedirectAttributes redirect) {
        try {
            SchoolRestore done = stagingRestorer.restore(new StagingRestorer.Request(dataBackup, keyBackup, schoolId), actor);
            redirect.addFlashAttribute("banner", "Restored " + done.counts().pupils() + " pupils into the staging school "
                    + done.stagingSchoolId() + " (" + done.counts().leftOutErased() + " erased pupils left out).");
            return "redirect:/platform/backups";
        } catch (ProblemException e) {
            if ("forbidden".equals(e.code())) {
                throw e;
            }
            response.setStatus(e.status().value());
            model.addAttribute("dataBackup", dataBackup);
            model.addAttribute("keyBackup", keyBackup == null || keyBackup.isBlank() ? null : keyBackup);
            model.addAttribute("school", schoolId == null ? null
                    : schools.all().stream().filter(s -> s.id().equals(schoolId)).findFirst().orElse(null));
            model.addAttribute("error", e.getMessage());
            return "platform/school-restore-confirm";
        }
    }

    @org.custodian.privacy.NoPersonalData("a school-scoped restore as the operators' page shows it: ids, names, counts")
    record RestoreRow(String started, String outcome, String outcomeClass, String dataBackup, String keyBackup,
                      java.util.UUID source, java.util.UUID staging, String counts, String failure) {
    }

    @org.custodian.privacy.NoPersonalData("a school's id and name (a school's name is not personal data)")
    record SchoolChoice(java.util.UUID id, String name) {
    }

    /** The latest restore drills, newest first. */
    @GetMapping("/api/v1/platform/backups/drills")
    @ResponseBody
    List<org.custodian.backups.RestoreDrillRun> drillsApi() {
        return drills.latest(SHOWN);
    }

    @org.custodian.privacy.NoPersonalData("a restore drill as the operators' page shows it: backup names, times, counts")
    record DrillRow(String started, String status, String statusClass, String dataBackup, String keyBackup,
                    String checked, String failure) {
    }

    /** The latest runs, newest first (data and key backups alike). */
    @GetMapping("/api/v1/platform/backups")
    @ResponseBody
    List<BackupRun> api() {
        return backups.history(SHOWN);
    }

    @org.custodian.privacy.NoPersonalData("a backup run as the operators' page shows it: names, times, sizes, folders")
    record Row(String kind, String reason, String name, String started, String finished, String status,
               String statusClass, String size, List<BackupRun.Destination> destinations, boolean pruned) {
    }

    @GetMapping("/platform/backups")
    String page(Model model) {
        model.addAttribute("rows", backups.history(SHOWN).stream().map(BackupsController::row).toList());
        model.addAttribute("schedule", "-".equals(properties.schedule()) ? null : properties.schedule());
        model.addAttribute("keyRetentionDays", properties.keyRetention().toDays());
        model.addAttribute("drillSchedule", "-".equals(properties.drillSchedule()) ? null : properties.drillSchedule());
        model.addAttribute("drills", drills.latest(10).stream().map(drill -> new DrillRow(when(drill.startedAt()),
                drill.status() == org.custodian.backups.RestoreDrillRun.Status.PASSED ? "Passed" : "Failed",
                drill.status() == org.custodian.backups.RestoreDrillRun.Status.PASSED ? "govuk-tag--green" : "govuk-tag--red",
                drill.dataBackup(), drill.keyBackup(),
                drill.rows() == null ? "" : drill.tables() + " tables, " + drill.rows() + " rows; "
                        + drill.sampleOpened() + " of " + drill.sampleSize() + " sampled pupils opened",
                drill.failure())).toList());
        model.addAttribute("dataBackups", backups.history(SHOWN).stream()
                .filter(run -> run.kind() == BackupKind.DATA && run.prunedAt() == null
                        && run.status() != BackupRun.Status.RUNNING && run.status() != BackupRun.Status.FAILED)
                .map(BackupRun::name).toList());
        model.addAttribute("schoolChoices", schools.all().stream()
                .filter(school -> school.state() != org.custodian.schools.SchoolState.PURGED)
                .map(school -> new SchoolChoice(school.id(), school.name())).toList());
        model.addAttribute("restores", stagingRestorer.latest(10).stream().map(restore -> new RestoreRow(
                when(restore.startedAt()),
                switch (restore.outcome()) {
                    case RESTORED -> "Restored";
                    case REFUSED -> "Refused";
                    case FAILED -> "Failed";
                },
                restore.outcome() == SchoolRestore.Outcome.RESTORED ? "govuk-tag--green" : "govuk-tag--red",
                restore.dataBackup(), restore.keyBackup(), restore.sourceSchoolId(), restore.stagingSchoolId(),
                restore.counts() == null ? "" : restore.counts().pupils() + " pupils, " + restore.counts().categoryValues()
                        + " category values, " + restore.counts().classes() + " classes; "
                        + restore.counts().leftOutErased() + " erased pupils left out",
                restore.failure())).toList());
        return "platform/backups";
    }

    private static Row row(BackupRun run) {
        String status = switch (run.status()) {
            case RUNNING -> "Running";
            case COMPLETE -> "Complete";
            case PARTIAL -> "A destination failed";
            case FAILED -> "Failed";
        };
        String statusClass = switch (run.status()) {
            case RUNNING -> "govuk-tag--blue";
            case COMPLETE -> "govuk-tag--green";
            case PARTIAL -> "govuk-tag--orange";
            case FAILED -> "govuk-tag--red";
        };
        String reason = switch (run.reason()) {
            case DAILY -> "Daily";
            case ADMIN_CHANGE -> "School admin changed";
            case MANUAL -> "Asked for";
        };
        String size = run.tables() == null ? "" : run.tables() + " tables, " + run.rows() + " rows, " + run.bytes() + " bytes";
        return new Row(run.kind() == org.custodian.backups.BackupKind.DATA ? "Data" : "Keys", reason, run.name(),
                when(run.startedAt()), when(run.finishedAt()), status, statusClass, size, run.destinations(),
                run.prunedAt() != null);
    }

    private static String when(Instant at) {
        return at == null ? "" : WHEN.format(at);
    }
}
