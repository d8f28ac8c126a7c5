package org.custodian.backups.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.custodian.backups.BackupRun;
import org.custodian.backups.Backups;
import org.custodian.identity.Permission;
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

    BackupsController(Backups backups, BackupProperties properties, JdbcRestoreDrills drills) {
        this.backups = backups;
        this.properties = properties;
        this.drills = drills;
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
