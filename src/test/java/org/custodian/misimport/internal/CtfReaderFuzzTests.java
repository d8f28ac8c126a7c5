package org.custodian.misimport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.custodian.support.FuzzOracles;

/**
 * The CTF reader over arbitrary bytes, half the time behind a valid prolog and root so that the
 * mutator spends its time inside the document: every pupil is read or the file is refused with
 * {@link ImportRefusedException}, never another exception, and nothing quotes the file.
 */
class CtfReaderFuzzTests {

    private static final ImportLimits SMALL = new ImportLimits(1 << 20, 8, 64, 4);
    private static final LocalDate TODAY = LocalDate.of(2026, 10, 1);
    private static final int MAX_PUPILS = 10_000;
    private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CTfile>\n<Header>"
            + "<DocumentName>Common Transfer File</DocumentName><CTFversion>25.0</CTFversion>"
            + "<DocumentQualifier>partial</DocumentQualifier>"
            + "<DestSchool><LEA>878</LEA><Estab>4123</Estab><URN>123456</URN></DestSchool></Header>\n<CTFpupilData>";

    @FuzzTest(maxDuration = "30s")
    void readsOrRefusesAnyBytes(FuzzedDataProvider data) {
        boolean framed = data.consumeBoolean();
        byte[] rest = data.consumeRemainingAsBytes();
        byte[] file = framed ? concat(PROLOG.getBytes(StandardCharsets.UTF_8), rest) : rest;
        try (PupilSource reader = CtfReader.open(new ByteArrayInputStream(file), SMALL, TODAY)) {
            reader.header();
            int pupils = 0;
            for (SourcePupil pupil = reader.next(); pupil != null; pupil = reader.next()) {
                assertThat(++pupils).isLessThanOrEqualTo(MAX_PUPILS);
                for (ImportProblem problem : pupil.problems()) {
                    FuzzOracles.quotesNothingOf(rest, problem.location() + " " + problem.message(), "a pupil problem");
                }
            }
        } catch (ImportRefusedException refused) {
            assertThat(refused.code()).matches("[a-z0-9-]+");
            FuzzOracles.quotesNothingOf(rest, refused.location() + " " + refused.getMessage(), "a refusal");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
