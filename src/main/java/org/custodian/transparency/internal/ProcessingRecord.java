package org.custodian.transparency.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import org.custodian.identity.Role;
import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.ProcessingRegister.Activity;
import org.custodian.retention.RetentionCategory;
import org.custodian.transparency.internal.SubProcessorStore.Change;
import org.custodian.web.CsvCells;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

/**
 * The record of processing an ICO inspection asks for (Art 30): every processing activity with its
 * lawful basis, Art 9 condition, retention category and recipients, the sub-processors standing
 * today, and where the data, backups and keys are. As CSV (formula-safe cells) and as PDF.
 */
@Service
class ProcessingRecord {

    static final List<String> ACTIVITY_COLUMNS = List.of("Purpose", "Description", "Data subjects", "Lawful basis",
            "Art 9 condition", "Retention category", "Recipients", "Roles allowed", "Reason required");
    static final List<String> SUB_PROCESSOR_COLUMNS = List.of("Sub-processor", "Purpose", "Data categories", "Country",
            "Transfer safeguard", "Date added", "Effective from");

    private final ProcessingRegister register;
    private final SubProcessorRegister subProcessors;
    private final DataLocation location;
    private final Clock clock;

    ProcessingRecord(ProcessingRegister register, SubProcessorRegister subProcessors, DataLocation location, Clock clock) {
        this.register = register;
        this.subProcessors = subProcessors;
        this.location = location;
        this.clock = clock;
    }

    record Contents(Instant generatedAt, List<List<String>> activities, List<List<String>> subProcessors,
                    DataLocation.Statement location) {
    }

    Contents contents() {
        List<List<String>> activities = new ArrayList<>();
        for (Activity activity : register.activities()) {
            activities.add(List.of(activity.purpose().code(), activity.purpose().description(),
                    "STAFF".equals(activity.dataSubjects()) ? "Staff" : "Pupils", activity.purpose().lawfulBasis(),
                    activity.art9Condition() == null ? "Not applicable" : activity.art9Condition(),
                    retention(activity.retentionCategory()), String.join("; ", activity.recipients()),
                    activity.purpose().allowedRoles().stream().map(Role::label).collect(Collectors.joining("; ")),
                    activity.purpose().reasonRequired() ? "Yes" : "No"));
        }
        List<List<String>> processors = subProcessors.standing(subProcessors.today()).stream()
                .map(ProcessingRecord::row).toList();
        return new Contents(clock.instant(), activities, processors, location.statement());
    }

    private static List<String> row(Change change) {
        return List.of(change.name(), change.purpose(), change.dataCategories(), change.country(),
                change.transferSafeguard(), change.addedOn().toString(), change.effectiveOn().toString());
    }

    private static String retention(String category) {
        try {
            return RetentionCategory.valueOf(category).records();
        } catch (IllegalArgumentException e) {
            return category;
        }
    }

    /** One file: the activities, then the sub-processors, then the data location, each under a heading row. */
    String csv(Contents contents) {
        StringBuilder out = new StringBuilder();
        out.append(CsvCells.row(List.of("Record of processing", "generated " + contents.generatedAt())));
        out.append(CsvCells.row(ACTIVITY_COLUMNS));
        contents.activities().forEach(row -> out.append(CsvCells.row(row)));
        out.append("\r\n").append(CsvCells.row(SUB_PROCESSOR_COLUMNS));
        contents.subProcessors().forEach(row -> out.append(CsvCells.row(row)));
        out.append("\r\n").append(CsvCells.row(List.of("Where", "Statement")));
        locationRows(contents.location()).forEach(row -> out.append(CsvCells.row(row)));
        return out.toString();
    }

    static List<List<String>> locationRows(DataLocation.Statement location) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Hosting", location.hosting()));
        rows.add(List.of("Database", location.database() + (location.databaseHost() == null ? "" : " (" + location.databaseHost() + ")")));
        rows.add(List.of("Backups", location.backups() + ". " + location.backupLocation()));
        rows.add(List.of("Master key", location.masterKey()));
        rows.add(List.of("Key store", location.keyStore() + (location.keyStoreHost() == null ? "" : " (" + location.keyStoreHost() + ")")));
        return rows;
    }

    byte[] pdf(Contents contents) {
        StringBuilder html = new StringBuilder("""
                <html><head><style>
                body { font-family: sans-serif; font-size: 8pt; }
                table { border-collapse: collapse; width: 100%; margin-bottom: 12pt; }
                th, td { border: 1px solid #888; padding: 2pt; vertical-align: top; text-align: left; }
                @page { size: A4 landscape; margin: 12mm; }
                </style></head><body>
                """);
        html.append("<h1>Record of processing</h1><p>Generated ").append(esc(contents.generatedAt().toString()))
                .append(" from the running system.</p><h2>Processing activities</h2>");
        table(html, ACTIVITY_COLUMNS, contents.activities());
        html.append("<h2>Sub-processors</h2>");
        if (contents.subProcessors().isEmpty()) {
            html.append("<p>None.</p>");
        } else {
            table(html, SUB_PROCESSOR_COLUMNS, contents.subProcessors());
        }
        html.append("<h2>Where the data is</h2>");
        table(html, List.of("Where", "Statement"), locationRows(contents.location()));
        html.append("</body></html>");
        try (var out = new ByteArrayOutputStream()) {
            new PdfRendererBuilder().useFastMode().withHtmlContent(html.toString(), null).toStream(out).run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Could not render the record of processing", e);
        }
    }

    private static void table(StringBuilder html, List<String> columns, List<List<String>> rows) {
        html.append("<table><thead><tr>");
        columns.forEach(column -> html.append("<th>").append(esc(column)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(esc(cell)).append("</td>"));
            html.append("</tr>");
        }
        html.append("</tbody></table>");
    }

    private static String esc(String value) {
        return value == null ? "" : HtmlUtils.htmlEscape(value);
    }
}
