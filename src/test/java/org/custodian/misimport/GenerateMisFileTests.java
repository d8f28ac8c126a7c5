package org.custodian.misimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateMisFileTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-03-15T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void writesACsvOfTheRequestedSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pupils.csv");
        GenerateMisFile.run(new String[] {"--format=csv", "--pupils=25", "--seed=3", "--out=" + file}, CLOCK);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(26);
        assertThat(lines.get(0)).startsWith("UPN,Legal forename,Legal surname,Date of birth");
    }

    @Test
    void takesTheReferenceDateFromTheClockUnlessGiven(@TempDir Path dir) throws Exception {
        Path clocked = dir.resolve("clocked.xml");
        Path dated = dir.resolve("dated.xml");
        GenerateMisFile.run(new String[] {"--pupils=2", "--la=878", "--estab=4123", "--urn=123456",
            "--qualifier=partial", "--out=" + clocked}, CLOCK);
        GenerateMisFile.run(new String[] {"--pupils=2", "--date=2026-10-01", "--out=" + dated}, CLOCK);

        String ctf = Files.readString(clocked, StandardCharsets.UTF_8);
        assertThat(ctf).contains("<DateTime>2027-03-15T08:00:00</DateTime>", "<AcademicYear>2026</AcademicYear>",
                "<DocumentQualifier>partial</DocumentQualifier>", "<LEA>878</LEA>", "<URN>123456</URN>");
        assertThat(Files.readString(dated, StandardCharsets.UTF_8)).contains("<DateTime>2026-10-01T08:00:00</DateTime>");
    }

    @Test
    void rejectsUnknownArguments() {
        assertThatThrownBy(() -> GenerateMisFile.run(new String[] {"--pupil=3"}, CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GenerateMisFile.run(new String[] {"--format=json"}, CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
