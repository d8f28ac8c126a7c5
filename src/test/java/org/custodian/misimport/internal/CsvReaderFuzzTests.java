package org.custodian.misimport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.custodian.support.FuzzOracles;

/**
 * The CSV reader over arbitrary bytes: it reads every row or refuses the file with
 * {@link ImportRefusedException}, never another exception, and no refusal or row problem quotes the
 * file. Small limits, so that the limits' own paths are reached with short inputs.
 */
class CsvReaderFuzzTests {

    private static final ImportLimits SMALL = new ImportLimits(1 << 20, 8, 64, 4);
    /** Rows read per input at most: a fuzz input is small, but a loop must not hide behind it. */
    private static final int MAX_ROWS = 10_000;

    @FuzzTest(maxDuration = "30s")
    void readsOrRefusesAnyBytes(byte[] file) {
        try (CsvReader reader = CsvReader.open(new ByteArrayInputStream(file), SMALL, 256)) {
            assertThat(reader.readAs()).isNotBlank();
            for (String ignored : reader.ignoredColumns()) {
                assertThat(ignored).isNotBlank();
            }
            int rows = 0;
            for (SourcePupil pupil = reader.next(); pupil != null; pupil = reader.next()) {
                assertThat(++rows).as("rows of a %d-byte file", file.length).isLessThanOrEqualTo(MAX_ROWS);
                for (ImportProblem problem : pupil.problems()) {
                    FuzzOracles.quotesNothingOf(file, problem.location() + " " + problem.message(), "a row problem");
                }
            }
        } catch (ImportRefusedException refused) {
            assertThat(refused.code()).matches("[a-z0-9-]+");
            FuzzOracles.quotesNothingOf(file, refused.location() + " " + refused.getMessage(), "a refusal");
        } catch (UncheckedIOException e) {
            // A byte array never fails to read: an I/O error here is the reader's own fault.
            throw new AssertionError("the reader reported an I/O failure on an in-memory file", e);
        }
    }
}
