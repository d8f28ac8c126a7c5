package org.custodian.misimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator streams: output leaves pupil by pupil, grows linearly, and needs no more heap for more pupils. */
class SyntheticSchoolDataStreamingTests {

    private static final LocalDate REFERENCE = LocalDate.of(2026, 10, 1);

    /** Counts bytes and remembers the largest single write. */
    private static final class CountingOutputStream extends OutputStream {
        long bytes;
        long writes;
        long largestWrite;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            writes++;
            largestWrite = Math.max(largestWrite, len);
        }
    }

    private static CountingOutputStream ctf(int pupils) {
        CountingOutputStream out = new CountingOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings("123456", "878", "4123", pupils, 5, REFERENCE))
                .writeCtf(out, true);
        return out;
    }

    @Test
    void outputLeavesInSmallChunksAndGrowsLinearly() {
        CountingOutputStream small = ctf(25_000);
        CountingOutputStream large = ctf(100_000);

        assertThat(large.largestWrite).as("no whole-file buffer").isLessThanOrEqualTo(1 << 20);
        assertThat(large.writes).as("written progressively").isGreaterThan(large.bytes / (1 << 20));
        assertThat((double) large.bytes / small.bytes).isBetween(3.9, 4.1);
    }

    @Test
    void twoHundredThousandPupilsFitInASmallHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("school.xml");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), GenerateMisFile.class.getName(),
                "--format=ctf", "--pupils=200000", "--seed=9", "--date=2026-10-01", "--out=" + file)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(Files.readString(dir.resolve("log.txt"))).isZero();
        assertThat(Files.size(file)).as("far larger than the 32 MB heap").isGreaterThan(3L * 32 * 1024 * 1024);
        long pupils = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                pupils += line.strip().equals("<Pupil>") ? 1 : 0;
            }
        }
        assertThat(pupils).isEqualTo(200_000);
    }
}
