package org.custodian.misimport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.Upn;
import org.junit.jupiter.api.Test;

/** The CTF reader: hostile files are refused with a code, a place and no content; valid files read back exactly. */
class CtfReaderTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 10, 1);
    /** Planted in hostile files: must never reach an exception message. */
    private static final String SECRET = "SECRETMARKER7Q";
    private static final String UPN = upn("878412326001");
    private static final String HEADER = """
            <Header>
              <DocumentName>Common Transfer File</DocumentName>
              <CTFversion>25.0</CTFversion>
              <DocumentQualifier>partial</DocumentQualifier>
              <DestSchool><LEA>878</LEA><Estab>4123</Estab><URN>123456</URN></DestSchool>
            </Header>
            """;

    private static String upn(String body) {
        return Upn.checkLetter(body) + body;
    }

    /** A CTF with the standard header around the given pupils' XML. */
    private static byte[] ctf(String pupils) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CTfile>\n" + HEADER + "<CTFpupilData>\n" + pupils
                + "</CTFpupilData>\n</CTfile>\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String pupil(String inner) {
        return "<Pupil><UPN>" + UPN + "</UPN><Surname>Smith</Surname><Forename>Amy</Forename><DOB>2012-03-04</DOB>"
                + inner + "</Pupil>\n";
    }

    private static byte[] generated(int pupils, long seed, boolean full) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings("123456", "878", "4123", pupils, seed, TODAY))
                .writeCtf(out, full);
        return out.toByteArray();
    }

    private static PupilSource open(byte[] file) {
        return CtfReader.open(new ByteArrayInputStream(file), ImportLimits.DEFAULTS, TODAY);
    }

    private static int readAll(PupilSource source) {
        source.header();
        int count = 0;
        while (source.next() != null) {
            count++;
        }
        return count;
    }

    private static SourcePupil only(byte[] file) {
        try (PupilSource source = open(file)) {
            SourcePupil pupil = source.next();
            assertThat(source.next()).isNull();
            return pupil;
        }
    }

    /** Reads the whole file and checks it is refused with {@code code}, a place, and a message quoting nothing. */
    private static ImportRefusedException refused(byte[] file, String code) {
        return refused(file, ImportLimits.DEFAULTS, code);
    }

    private static ImportRefusedException refused(byte[] file, ImportLimits limits, String code) {
        ImportRefusedException e = catchThrowableOfType(ImportRefusedException.class, () -> {
            try (PupilSource source = CtfReader.open(new ByteArrayInputStream(file), limits, TODAY)) {
                readAll(source);
            }
        });
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.location()).matches("line \\d+, column \\d+");
        assertThat(e.getMessage()).isNotBlank().doesNotContain(SECRET).doesNotContain("root:");
        assertThat(e.getCause()).as("no parser message hidden in a cause").isNull();
        return e;
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    // ---- hostile and broken files ----

    @Test
    void externalGeneralEntityIsRefusedAsADtdAndNeverRead() {
        refused(bytes("""
                <?xml version="1.0"?>
                <!DOCTYPE CTfile [<!ENTITY SECRETMARKER7Q SYSTEM "file:///etc/passwd">]>
                <CTfile><Header><DocumentQualifier>&SECRETMARKER7Q;</DocumentQualifier></Header></CTfile>
                """), "dtd-refused");
    }

    @Test
    void externalParameterEntityIsRefusedAsADtd() {
        ImportRefusedException e = refused(bytes("""
                <?xml version="1.0"?>
                <!DOCTYPE CTfile [<!ENTITY % SECRETMARKER7Q SYSTEM "http://127.0.0.1:9/SECRETMARKER7Q.dtd"> %SECRETMARKER7Q;]>
                <CTfile/>
                """), "dtd-refused");
        assertThat(e.location()).isEqualTo("line 2, column 1");
    }

    @Test
    void billionLaughsIsRefusedWithoutExpanding() {
        StringBuilder dtd = new StringBuilder("<!ENTITY lol0 \"" + SECRET + "\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        byte[] file = bytes("<?xml version=\"1.0\"?><!DOCTYPE CTfile [" + dtd + "]><CTfile><Header><DocumentName>&lol9;"
                + "</DocumentName></Header></CTfile>");
        long start = System.nanoTime();
        refused(file, "dtd-refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void plainDoctypeIsRefusedNotIgnored() {
        refused(bytes("<?xml version=\"1.0\"?>\n<!DOCTYPE CTfile SYSTEM \"SECRETMARKER7Q.dtd\">\n<CTfile>\n" + HEADER
                + "</CTfile>"), "dtd-refused");
    }

    @Test
    void undeclaredEntityReferenceIsNotWellFormed() {
        refused(ctf(pupil("<Sex>&SECRETMARKER7Q;</Sex>")), "not-well-formed");
    }

    @Test
    void mismatchedTagsAreNotWellFormedAndTheParserMessageIsNotPassedOn() {
        ImportRefusedException e = refused(ctf(pupil("<SECRETMARKER7Q>x</SECRETMARKER7QX>")), "not-well-formed");
        assertThat(e.location()).startsWith("line 10,");
    }

    @Test
    void contentAfterTheRootIsNotWellFormed() {
        byte[] valid = ctf(pupil(""));
        byte[] file = Arrays.copyOf(valid, valid.length + 22);
        System.arraycopy(bytes("<SECRETMARKER7Q/>     "), 0, file, valid.length, 22);
        refused(file, "not-well-formed");
    }

    @Test
    void nestingBeyondTheLimitIsRefused() {
        String deep = "<SECRETMARKER7Q>".repeat(40) + "x" + "</SECRETMARKER7Q>".repeat(40);
        refused(ctf(pupil(deep)), "too-deep");
        refused(ctf(pupil("<BasicDetails>" + deep + "</BasicDetails>")), "too-deep");
    }

    @Test
    void veryDeepNestingIsRefusedWithoutExhaustingTheStack() {
        String deep = "<a>".repeat(200_000);
        refused(ctf(pupil(deep)), "too-deep");
    }

    @Test
    void ownLimitsApply() {
        ImportLimits tight = new ImportLimits(1L << 20, 6, 20, 2);
        refused(ctf(pupil("<BasicDetails><Languages><Type><Language><x>ENG</x></Language></Type></Languages>"
                + "</BasicDetails>")), tight, "too-deep");
        refused(ctf(pupil("<Sex>" + SECRET + SECRET + "</Sex>")), tight, "value-too-long");
        refused(ctf(pupil("<Sex a=\"1\" b=\"2\" c=\"" + SECRET + "\">F</Sex>")), tight, "too-many-attributes");
        assertThat(readAll(CtfReader.open(new ByteArrayInputStream(ctf(pupil("<Sex a=\"1\" b=\"2\">F</Sex>"))), tight,
                TODAY))).isEqualTo(1);
    }

    @Test
    void emptyFileIsRefused() {
        refused(new byte[0], "empty-file");
    }

    @Test
    void fileWithoutARootIsTruncated() {
        refused(bytes("<?xml version=\"1.0\"?>\n  \n"), "truncated");
    }

    @Test
    void truncatedFileIsRefusedWhereverItIsCut() {
        byte[] file = generated(20, 3, true);
        for (int cut : new int[] {60, file.length / 3, file.length / 2, file.length - 12}) {
            refused(Arrays.copyOf(file, cut), "truncated");
        }
    }

    @Test
    void fileCutInsideACharacterIsTruncatedNotMisencoded() {
        byte[] file = ctf(pupil("<Sex>\u00e9</Sex>"));
        int e = indexOf(file, (byte) 0xC3);
        refused(Arrays.copyOf(file, e + 1), "truncated");
    }

    @Test
    void wrongRootIsRefused() {
        refused(bytes("<?xml version=\"1.0\"?><Pupils><SECRETMARKER7Q/></Pupils>"), "wrong-root");
        refused(bytes("<x:CTfile xmlns:x=\"urn:SECRETMARKER7Q\">" + HEADER + "</x:CTfile>"), "wrong-root");
        refused(bytes("<ctfile>" + HEADER + "</ctfile>"), "wrong-root");
    }

    @Test
    void latin1BytesAreRefusedAsNotUtf8AtTheirPlace() {
        byte[] file = ctf(pupil("<Sex>F</Sex>").replace("Amy", "Ren\u00e9e"));
        int e = indexOf(file, (byte) 0xC3);
        file = Arrays.copyOf(file, file.length);
        // Latin-1 é is the single byte E9; drop the UTF-8 pair's second byte to make it so.
        byte[] latin1 = new byte[file.length - 1];
        System.arraycopy(file, 0, latin1, 0, e);
        latin1[e] = (byte) 0xE9;
        System.arraycopy(file, e + 2, latin1, e + 1, file.length - e - 2);
        ImportRefusedException refusal = refused(latin1, "not-utf8");
        String before = new String(file, 0, e, StandardCharsets.UTF_8);
        String lastLine = before.substring(before.lastIndexOf('\n') + 1);
        assertThat(refusal.location()).isEqualTo("line " + before.lines().count() + ", column "
                + (lastLine.length() + 1));
    }

    @Test
    void utf16AndOtherDeclaredEncodingsAreRefused() {
        refused("<?xml version=\"1.0\" encoding=\"UTF-16\"?><CTfile/>".getBytes(StandardCharsets.UTF_16),
                "not-utf8");
        refused(bytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><CTfile/>"), "not-utf8");
    }

    @Test
    void tenMegabyteValueIsRefusedWithDefaultLimits() {
        String huge = SECRET.repeat(10 * 1024 * 1024 / SECRET.length());
        refused(ctf(pupil("<Surname>" + huge + "</Surname>")), "value-too-long");
        refused(ctf(pupil("<SuppInfo>" + huge + "</SuppInfo>")), "value-too-long");
        refused(ctf(pupil("<Sex x=\"" + huge + "\">F</Sex>")), "value-too-long");
    }

    @Test
    void unknownOrMissingQualifierIsRefused() {
        refused(bytes(new String(ctf(""), StandardCharsets.UTF_8).replace(">partial<", ">SECRETMARKER7Q<")),
                "unknown-qualifier");
        refused(bytes(new String(ctf(""), StandardCharsets.UTF_8).replace(">partial<", ">Full<")), "unknown-qualifier");
        refused(bytes(new String(ctf(""), StandardCharsets.UTF_8)
                .replace("<DocumentQualifier>partial</DocumentQualifier>", "")), "unknown-qualifier");
        refused(bytes("<CTfile><CTFpupilData>" + pupil("") + "</CTFpupilData></CTfile>"), "missing-header");
    }

    private static int indexOf(byte[] file, byte b) {
        for (int i = 0; i < file.length; i++) {
            if (file[i] == b) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }
}
