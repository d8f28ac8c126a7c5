package org.custodian.misimport.internal;

import java.util.Arrays;
import java.util.Locale;

import org.custodian.pupils.OptionalCategory;
import org.springframework.stereotype.Component;

/** Wording of the import pages, as {@code ${@importPages...}}. */
@Component("importPages")
public class ImportPageFormat {

    public String heading(ImportJob job) {
        return switch (job.state()) {
            case PREVIEWING -> "Checking the file";
            case PREVIEWED -> "Preview ready";
            case COMMITTING -> "Saving the import";
            case COMMITTED -> "Import saved";
            case FAILED -> job.preview() != null && job.preview().fileProblem() != null
                    ? "File refused" : "Import failed";
            case DISCARDED -> "Import discarded";
        };
    }

    public String error(String code) {
        return switch (code) {
            case "interrupted" -> "The import stopped part-way (the server restarted). Nothing was changed: upload the file again.";
            case "expired" -> "The preview was not committed in time and was discarded with its file.";
            case "errors-at-commit" -> "Saving found pupils the preview had not refused (something changed since), so nothing was saved. Upload the file again.";
            case "commit-failed" -> "Saving failed and was undone: your school's data is as it was before.";
            case "preview-failed" -> "The file could not be checked. Nothing was changed.";
            case "isa-not-accepted" -> "Your school has not accepted the information sharing agreement, so no pupil data can be imported.";
            case "school-terminated", "school-purged" -> "Your school's use of Custodian has ended, so no pupil data can be imported. Nothing was changed.";
            default -> "The import failed (" + code + "). Nothing was changed.";
        };
    }

    /**
     * A field or category of a report in words: an optional category by its own label
     * ({@code FSM_ELIGIBLE} is "Free school meals eligibility"), a field by its name spelt out
     * ({@code dateOfBirth} and {@code date-of-birth} are "Date of birth").
     */
    public String field(String key) {
        if (key == null || key.isEmpty()) {
            return "";
        }
        var category = Arrays.stream(OptionalCategory.values()).filter(c -> c.name().equals(key)).findFirst();
        if (category.isPresent()) {
            return category.get().label();
        }
        String words = key.replaceAll("([a-z])([A-Z])", "$1 $2").replace('-', ' ').replace('_', ' ')
                .toLowerCase(Locale.ROOT).strip();
        words = (" " + words + " ").replace(" upn ", " UPN ").replace(" nc ", " NC ").strip();
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
