package org.custodian.misimport.internal;

import java.util.List;
import java.util.Map;

/**
 * What a preview found or a commit did: counts, names of changed fields and dropped categories with
 * their counts, and located problems. Holds no value from the file, so it can be kept and downloaded.
 *
 * @param ignoredColumns CSV columns the importer does not read (names only)
 * @param encoding     the character encoding the file was read in
 * @param staff       CSV teacher and supervisor names: classes given staff, names matched to one account, names not
 * @param fileProblem set when the file as a whole was refused (then nothing else was read)
 * @param identicalToEarlierImport true when a committed import had exactly the same bytes
 * @param academicYear the academic year ages were judged by ({@code 2024/25}): the CTF header's, the
 *                     uploader's reference date's, or else the current one; null if never read
 * @param restricted  pupils of the file whose data is restricted (or who objected to the import's
 *                    purpose): their records were left unchanged
 */
public record ImportReport(String format, boolean full, int pupils, int created, int changed, int unchanged,
                           int leavers, int invalid, int duplicates, int previouslyErased,
                           Map<String, Integer> changedFields, Map<String, Integer> droppedCategories,
                           List<ImportProblem> problems, int problemsNotListed, List<String> ignoredColumns,
                           String encoding, ClassStaffNames.Matching staff, ImportProblem fileProblem,
                           boolean identicalToEarlierImport, String academicYear, int restricted) {

    /** A file with any refused pupil is not committed at all: fix it and upload it again. */
    public boolean committable() {
        return fileProblem == null && invalid == 0 && duplicates == 0;
    }

    public int errors() {
        return invalid + duplicates;
    }

    static ImportReport refused(String format, boolean full, ImportProblem problem) {
        return new ImportReport(format, full, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), List.of(), 0, List.of(), null,
                ClassStaffNames.Matching.NONE, problem, false, null, 0);
    }
}
