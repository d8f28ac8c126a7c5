package org.custodian.misimport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.custodian.web.CsvCells;

/**
 * An import's report as CSV: a summary block, then one row per counted field or category, then one
 * row per located problem. Holds codes, names and counts only; every cell goes through
 * {@link CsvCells}, so nothing in it can act as a spreadsheet formula.
 */
final class ImportReportCsv {

    private ImportReportCsv() {
    }

    static String of(ImportJob job) {
        StringBuilder csv = new StringBuilder();
        csv.append(CsvCells.row(List.of("section", "name", "value", "location", "code", "message")));
        line(csv, "import", "id", job.id().toString());
        line(csv, "import", "format", job.format());
        line(csv, "import", "full", String.valueOf(job.full()));
        line(csv, "import", "state", job.state().name());
        if (job.errorCode() != null) {
            line(csv, "import", "error", job.errorCode());
        }
        section(csv, "preview", job.preview());
        section(csv, "result", job.result());
        return csv.toString();
    }

    private static void section(StringBuilder csv, String name, ImportReport report) {
        if (report == null) {
            return;
        }
        line(csv, name, "pupils", report.pupils());
        line(csv, name, "new", report.created());
        line(csv, name, "changed", report.changed());
        line(csv, name, "unchanged", report.unchanged());
        line(csv, name, "leavers", report.leavers());
        line(csv, name, "refused", report.invalid());
        line(csv, name, "duplicate UPNs", report.duplicates());
        line(csv, name, "previously erased", report.previouslyErased());
        line(csv, name, "restricted, left unchanged", report.restricted());
        if (report.academicYear() != null) {
            line(csv, name, "academic year for ages", report.academicYear());
        }
        if (report.encoding() != null) {
            line(csv, name, "encoding", report.encoding());
        }
        if (report.staff() != null) {
            line(csv, name, "classes given staff", report.staff().classes());
            line(csv, name, "staff names matched", report.staff().namesMatched());
            line(csv, name, "staff names not matched", report.staff().namesUnmatched());
        }
        report.ignoredColumns().forEach(column -> line(csv, name + " ignored column", column, ""));
        counts(csv, name + " changed field", report.changedFields());
        counts(csv, name + " dropped category (switched off)", report.droppedCategories());
        List<ImportProblem> problems = new ArrayList<>(report.problems());
        if (report.fileProblem() != null) {
            problems.add(0, report.fileProblem());
        }
        for (ImportProblem problem : problems) {
            csv.append(CsvCells.row(java.util.Arrays.asList(name + " problem", problem.field(), "", problem.location(),
                    problem.code(), problem.message())));
        }
        if (report.problemsNotListed() > 0) {
            line(csv, name, "problems not listed", report.problemsNotListed());
        }
    }

    private static void counts(StringBuilder csv, String section, Map<String, Integer> counts) {
        counts.forEach((field, count) -> line(csv, section, field, count));
    }

    private static void line(StringBuilder csv, String section, String name, Object value) {
        csv.append(CsvCells.row(List.of(section, name, String.valueOf(value), "", "", "")));
    }
}
