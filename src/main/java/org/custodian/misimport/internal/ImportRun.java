package org.custodian.misimport.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final LocalDate academicYearStart;
    private final int listedProblems;
    private final Progress progress;
    private final java.util.function.Function<ClassStaffNames, ClassStaffNames.Matching> staffStep;
    private final ClassStaffNames staffNames = new ClassStaffNames();

    private final List<ImportProblem> problems = new ArrayList<>();
    private final Map<String, Integer> changedFields = new TreeMap<>();
    private final Map<String, Integer> droppedCategories = new TreeMap<>();
    private int pupils, created, changed, unchanged, invalid, duplicates, erased, restricted, problemCount;

    /**
     * {@code today} dates the leavers of a full file; {@code academicYearStart} (1 September of the
     * file's academic year) judges each pupil's age for their NC year. {@code staffStep} matches
     * (and, when committing, assigns) the staff a CSV names for its classes.
     */
    ImportRun(PupilImports.ImportBatch batch, int batchSize, LocalDate today, LocalDate academicYearStart,
              int listedProblems, Progress progress,
              java.util.function.Function<ClassStaffNames, ClassStaffNames.Matching> staffStep) {
        this.batch = batch;
        this.batchSize = batchSize;
        this.today = today;
        this.academicYearStart = academicYearStart;
        this.listedProblems = listedProblems;
        this.progress = progress;
        this.staffStep = staffStep;
    }

    /** A batch read and checked ahead, or the fault that stopped the reading. */
    private record Ahead(List<SourcePupil> passed, List<ImportProblem> problems, int read,
                         PupilImports.Checked checked, RuntimeException fault) {
        static final Ahead END = new Ahead(List.of(), List.of(), 0, null, null);
    }

    /**
     * Reading, parsing and checking run on a second thread, one or two batches ahead of the writing
     * (which stays on the caller's thread, in its transaction), so the two cores work at once.
     */
    ImportReport run(PupilSource source, String format, boolean full, boolean identicalToEarlierImport) {
        BlockingQueue<Ahead> queue = new ArrayBlockingQueue<>(2);
        AtomicBoolean stopped = new AtomicBoolean();
        Thread reader = new Thread(() -> readAhead(source, queue, stopped), "mis-import-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            for (Ahead ahead = take(queue); ahead != Ahead.END; ahead = take(queue)) {
                if (ahead.fault() != null) {
                    throw ahead.fault();
                }
                apply(ahead);
            }
        } finally {
            stopped.set(true);
            queue.clear();
            join(reader);
        }
        int leavers = full ? batch.markUnseenAsLeavers(today) : 0;
        ClassStaffNames.Matching staff = staffNames.isEmpty() ? ClassStaffNames.Matching.NONE : staffStep.apply(staffNames);
        boolean csv = source instanceof CsvReader;
        return new ImportReport(format, full, pupils, created, changed, unchanged, leavers, invalid, duplicates, erased,
                Map.copyOf(changedFields), Map.copyOf(droppedCategories), List.copyOf(problems),
                problemCount - problems.size(), csv ? ((CsvReader) source).ignoredColumns() : List.of(),
                csv ? ((CsvReader) source).readAs() : "UTF-8", staff, null, identicalToEarlierImport,
                ImportChecks.label(academicYearStart), restricted);
    }

    private void readAhead(PupilSource source, BlockingQueue<Ahead> queue, AtomicBoolean stopped) {
        try {
            List<SourcePupil> pending = new ArrayList<>();
            for (SourcePupil pupil = source.next(); pupil != null && !stopped.get(); pupil = source.next()) {
                pending.add(pupil);
                if (pending.size() >= batchSize) {
                    put(queue, checked(pending), stopped);
                    pending = new ArrayList<>();
                }
            }
            if (!pending.isEmpty()) {
                put(queue, checked(pending), stopped);
            }
            put(queue, Ahead.END, stopped);
        } catch (RuntimeException e) {
            put(queue, new Ahead(List.of(), List.of(), 0, null, e), stopped);
        }
    }

    /**
     * The import's own checks first (reader problems, former UPN, age for the year); the pupils that
     * pass them go on to the pupil records' checks, the others are only counted (never written).
     */
    private Ahead checked(List<SourcePupil> read) {
        List<SourcePupil> passed = new ArrayList<>(read.size());
        List<ImportProblem> problems = new ArrayList<>();
        for (SourcePupil pupil : read) {
            List<ImportProblem> found = new ArrayList<>(pupil.problems());
            found.addAll(ImportChecks.check(pupil, academicYearStart));
            if (found.isEmpty()) {
                passed.add(pupil);
            } else {
                problems.addAll(found);
            }
        }
        List<PupilImports.Incoming> incoming = passed.stream()
                .map(pupil -> new PupilImports.Incoming(pupil.data(), pupil.leavingDate())).toList();
        return new Ahead(passed, problems, read.size(), batch.check(incoming), null);
    }

    private void apply(Ahead ahead) {
        pupils += ahead.read();
        invalid += ahead.read() - ahead.passed().size();
        ahead.problems().forEach(this::problem);
        List<PupilImports.Outcome> outcomes = batch.apply(ahead.checked());
        for (int i = 0; i < outcomes.size(); i++) {
            tally(ahead.passed().get(i), outcomes.get(i));
            if (outcomes.get(i).pupilId() != null) {
                staffNames.add(ahead.passed().get(i));
            }
        }
        progress.batchDone(pupils);
    }

    private static Ahead take(BlockingQueue<Ahead> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while importing", e);
        }
    }

    private static void put(BlockingQueue<Ahead> queue, Ahead ahead, AtomicBoolean stopped) {
        try {
            while (!stopped.get() && !queue.offer(ahead, 100, TimeUnit.MILLISECONDS)) {
                // the writer is busy: wait, unless it has given up
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread reader) {
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            case RESTRICTED -> restricted++;
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
