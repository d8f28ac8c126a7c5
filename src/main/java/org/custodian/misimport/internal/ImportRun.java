package org.custodian.misimport.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilImports;

/**
 * One pass over a file: reads pupils, adds the import's own checks, hands them to the pupil records
 * batch by batch, and tallies what happened. The same pass is the preview (a dry run) and the commit.
 */
final class ImportRun {

    /** Told after every batch; may throw to abandon the run (the caller's transaction then rolls back). */
    @FunctionalInterface
    interface Progress {
        void batchDone(int pupilsRead);
    }

    private final PupilImports.ImportBatch batch;
    private final int batchSize;
    private final LocalDate today;
    private final int listedProblems;
    private final Progress progress;

    private final List<SourcePupil> pending = new ArrayList<>();
    private final List<ImportProblem> problems = new ArrayList<>();
    private final Map<String, Integer> changedFields = new TreeMap<>();
    private final Map<String, Integer> droppedCategories = new TreeMap<>();
    private int pupils, created, changed, unchanged, invalid, duplicates, erased, problemCount;

    ImportRun(PupilImports.ImportBatch batch, int batchSize, LocalDate today, int listedProblems, Progress progress) {
        this.batch = batch;
        this.batchSize = batchSize;
        this.today = today;
        this.listedProblems = listedProblems;
        this.progress = progress;
    }

    ImportReport run(PupilSource source, String format, boolean full, boolean identicalToEarlierImport) {
        for (SourcePupil pupil = source.next(); pupil != null; pupil = source.next()) {
            pupils++;
            List<ImportProblem> found = new ArrayList<>(pupil.problems());
            found.addAll(ImportChecks.check(pupil, today));
            if (found.isEmpty()) {
                pending.add(pupil);
                if (pending.size() >= batchSize) {
                    flush();
                }
            } else {
                invalid++;
                found.forEach(this::problem);
            }
        }
        flush();
        int leavers = full ? batch.markUnseenAsLeavers(today) : 0;
        boolean csv = source instanceof CsvReader;
        return new ImportReport(format, full, pupils, created, changed, unchanged, leavers, invalid, duplicates, erased,
                Map.copyOf(changedFields), Map.copyOf(droppedCategories), List.copyOf(problems),
                problemCount - problems.size(), csv ? ((CsvReader) source).ignoredColumns() : List.of(),
                csv ? ((CsvReader) source).charset().name() : "UTF-8", null, identicalToEarlierImport);
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<PupilImports.Outcome> outcomes = batch.apply(pending.stream()
                .map(p -> new PupilImports.Incoming(p.data(), p.leavingDate())).toList());
        for (int i = 0; i < outcomes.size(); i++) {
            tally(pending.get(i), outcomes.get(i));
        }
        pending.clear();
        progress.batchDone(pupils);
    }

    private void tally(SourcePupil pupil, PupilImports.Outcome outcome) {
        switch (outcome.result()) {
            case NEW -> created++;
            case CHANGED -> {
                changed++;
                outcome.changedFields().forEach(field -> changedFields.merge(field, 1, Integer::sum));
            }
            case UNCHANGED -> unchanged++;
            case INVALID -> invalid++;
            case DUPLICATE_IN_FILE -> duplicates++;
            case PREVIOUSLY_ERASED -> erased++;
        }
        outcome.dropped().stream().map(OptionalCategory::name)
                .forEach(category -> droppedCategories.merge(category, 1, Integer::sum));
        outcome.errors().forEach(error -> problem(new ImportProblem(pupil.location(), error.get("field"),
                error.get("code"), error.get("message"))));
    }

    private void problem(ImportProblem problem) {
        problemCount++;
        if (problems.size() < listedProblems) {
            problems.add(problem);
        }
    }
}
