package org.custodian.misimport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
    void endlesslyManyDifferentNamesAreRefused() {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i <= CtfReader.MAX_DISTINCT_NAMES; i++) {
            names.append("<SuppInfo><").append(SECRET).append(i).append("/></SuppInfo>\n");
        }
        refused(ctf(names.toString()), "too-many-names");
        refused(ctf(pupil(names.toString())), "too-many-names");
    }

    @Test
    void emptyFileIsRefused() {
        refused(new byte[0], "empty-file");
    }

    @Test
    void aRefusedFileStaysRefused() {
        try (PupilSource source = open(ctf(pupil("<Sex>&SECRETMARKER7Q;</Sex>") + pupil("")))) {
            source.header();
            ImportRefusedException first = catchThrowableOfType(ImportRefusedException.class, source::next);
            assertThat(first.code()).isEqualTo("not-well-formed");
            assertThat(catchThrowableOfType(ImportRefusedException.class, source::next)).isSameAs(first);
            assertThat(catchThrowableOfType(ImportRefusedException.class, source::header)).isNull();
        }
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
    void overlongAndSurrogateEncodingsAreNotUtf8() {
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}}) {
            byte[] file = ctf(pupil("<Sex>X</Sex>"));
            int x = indexOf(file, (byte) 'X');
            byte[] broken = new byte[file.length - 1 + bad.length];
            System.arraycopy(file, 0, broken, 0, x);
            System.arraycopy(bad, 0, broken, x, bad.length);
            System.arraycopy(file, x + 1, broken, x + bad.length, file.length - x - 1);
            refused(broken, "not-utf8");
        }
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
        refused(ctf(pupil("<Sex><!--" + huge + "--></Sex>")), "value-too-long");
    }

    @Test
    void tenMegabyteNamesAreRefusedBeforeTheParserBuffersThem() {
        String huge = SECRET.repeat(10 * 1024 * 1024 / SECRET.length());
        refused(ctf(pupil("<" + huge + "/>")), "value-too-long");
        refused(ctf(pupil("<Sex " + huge + "=\"1\">F</Sex>")), "value-too-long");
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

    @Test
    void theHeaderGivesTheAcademicYearOrItsDateTimeDoes() {
        String header = new String(ctf(""), StandardCharsets.UTF_8);
        String withYear = header.replace("<DestSchool>",
                "<SourceSchool><LEA>123</LEA><AcademicYear>2024</AcademicYear></SourceSchool><DestSchool>");
        String withDateTime = header.replace("<DestSchool>", "<DateTime>2025-07-10T08:00:00</DateTime><DestSchool>");
        String badYear = header.replace("<DestSchool>",
                "<SourceSchool><AcademicYear>" + SECRET + "</AcademicYear></SourceSchool><DestSchool>");
        String badDateTime = header.replace("<DestSchool>", "<DateTime>" + SECRET + "</DateTime><DestSchool>");

        try (PupilSource source = open(bytes(withYear))) {
            assertThat(source.header().academicYear()).isEqualTo(2024);
        }
        try (PupilSource source = open(bytes(withDateTime))) {
            assertThat(source.header().academicYear()).as("July 2025 is in 2024/25").isEqualTo(2024);
        }
        try (PupilSource source = open(ctf(""))) {
            assertThat(source.header().academicYear()).isNull();
        }
        refused(bytes(badYear), "invalid-academic-year");
        refused(bytes(badDateTime), "invalid-academic-year");
    }

    // ---- valid files ----

    @Test
    void generatedFilesReadBackAsTheGeneratorMadeThem() {
        for (boolean full : new boolean[] {true, false}) {
            PupilFactory factory = new PupilFactory(NameLists.load(), "878", "4123", 42, TODAY);
            Map<String, Integer> seen = new HashMap<>();
            int count = 0;
            try (PupilSource source = open(generated(500, 42, full))) {
                assertThat(source.header()).isEqualTo(new FileHeader("CTF", full, "878", "4123", "123456", 2026));
                for (SourcePupil read; (read = source.next()) != null; count++) {
                    SyntheticPupil expected = factory.pupil(count);
                    assertThat(read.index()).isEqualTo(count);
                    assertThat(read.location()).matches("Pupil " + (count + 1) + " \\(line \\d+\\)");
                    assertThat(read.problems()).isEmpty();
                    assertThat(read.formerUpn()).isEqualTo(expected.formerUpn());
                    assertThat(read.leavingDate()).isNull();
                    assertThat(read.staff()).isEmpty();
                    assertThat(read.data()).isEqualTo(new PupilData(expected.upn(), expected.forename(),
                            expected.surname(), expected.dateOfBirth().toString(), null, String.valueOf(expected.sex()),
                            String.valueOf(expected.ncYear()), null, List.of(), categories(expected)));
                    read.data().categories().forEach((name, value) -> seen.merge(name + "=" + value, 1, Integer::sum));
                    seen.merge("formerUpn", read.formerUpn() == null ? 0 : 1, Integer::sum);
                }
            }
            assertThat(count).isEqualTo(500);
            assertThat(seen).as("the sample covers every mapping").containsKeys("FSM_ELIGIBLE=true",
                    "FSM_ELIGIBLE=false", "FSM6=true", "SEN_STATUS=K", "SEN_STATUS=E", "PREFERRED_NAME=" + preferred(seen));
            assertThat(seen.get("formerUpn")).isPositive();
        }
    }

    private static String preferred(Map<String, Integer> seen) {
        return seen.keySet().stream().filter(k -> k.startsWith("PREFERRED_NAME=")).findFirst().orElse("=none")
                .split("=", 2)[1];
    }

    /** What the reader should make of a generated pupil, worked out from the generator's own record. */
    private static Map<String, String> categories(SyntheticPupil p) {
        Map<String, String> expected = new HashMap<>();
        expected.put("ETHNICITY", p.ethnicity());
        expected.put("FIRST_LANGUAGE", p.firstLanguage());
        if (p.preferredForename() != null) {
            expected.put("PREFERRED_NAME", p.preferredForename());
        }
        if (p.fsm() != null) {
            boolean coversToday = !p.fsm().start().isAfter(TODAY) && (p.fsm().end() == null || !p.fsm().end().isBefore(TODAY));
            expected.put("FSM_ELIGIBLE", String.valueOf(coversToday));
            boolean lastSixYears = p.fsm().end() == null || !p.fsm().end().isBefore(TODAY.minusYears(6));
            expected.put("FSM6", String.valueOf(lastSixYears));
        }
        if (p.senNeed() != null) {
            expected.put("SEN_STATUS", String.valueOf(p.senProvision()));
        }
        return expected;
    }

    @Test
    void fieldsAndCategoriesComeFromTheirElements() {
        String formerUpn = upn("999412326001");
        SourcePupil p = only(ctf(pupil("""
                <Gender>F</Gender>
                <BasicDetails>
                  <FormerUPN>%s</FormerUPN>
                  <PreferredForename>Ames</PreferredForename>
                  <NCyearActual>9</NCyearActual>
                  <Ethnicity>WBRI</Ethnicity>
                  <Languages>
                    <Type><LanguageType>T</LanguageType><Language>FRN</Language></Type>
                    <Type><LanguageType>F</LanguageType><Language>POL</Language></Type>
                  </Languages>
                  <EnrolStatus>C</EnrolStatus>
                </BasicDetails>
                <LookedAfter><InCare>true</InCare><CareAuthority>878</CareAuthority></LookedAfter>
                <SENhistory>
                  <SEN><StartDate>2024-01-01</StartDate><SENprovision>E</SENprovision></SEN>
                  <SEN><StartDate>2025-09-01</StartDate><SENprovision>K</SENprovision></SEN>
                  <SEN><StartDate>2023-01-01</StartDate><SENprovision>N</SENprovision></SEN>
                  <SENneeds><SENneed><SENtype>SPLD</SENtype><SENtypeRank>1</SENtypeRank></SENneed></SENneeds>
                </SENhistory>
                """.formatted(formerUpn))));
        assertThat(p.data()).isEqualTo(new PupilData(UPN, "Amy", "Smith", "2012-03-04", null, "F", "9", null, List.of(),
                Map.of("PREFERRED_NAME", "Ames", "ETHNICITY", "WBRI", "FIRST_LANGUAGE", "POL", "LOOKED_AFTER", "true",
                        "SEN_STATUS", "K")));
        assertThat(p.formerUpn()).isEqualTo(formerUpn);
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void sexWinsOverGenderAndTheFirstLanguageGivenIsTheFallback() {
        SourcePupil p = only(ctf(pupil("<Gender>F</Gender><Sex>M</Sex><BasicDetails><Languages>"
                + "<Type><LanguageType>T</LanguageType><Language>FRN</Language></Type>"
                + "<Type><LanguageType>T</LanguageType><Language>SPA</Language></Type></Languages></BasicDetails>")));
        assertThat(p.data().sex()).isEqualTo("M");
        assertThat(p.data().categories()).containsExactlyEntriesOf(Map.of("FIRST_LANGUAGE", "FRN"));
    }

    @Test
    void absentFieldsStayAbsent() {
        SourcePupil p = only(ctf("<Pupil><UPN>" + UPN + "</UPN><Ethnicity>WBRI</Ethnicity><Sex/><BasicDetails>"
                + "<Ethnicity>  </Ethnicity><Languages/></BasicDetails><LookedAfter/><SENhistory/></Pupil>\n"));
        assertThat(p.data()).isEqualTo(new PupilData(UPN, null, null, null, null, null, null, null, List.of(), Map.of()));
        assertThat(p.formerUpn()).isNull();
    }

    /** FSM categories for a pupil with this FSMhistory content, today being 2026-10-01. */
    private static Map<String, String> fsm(String history) {
        return only(ctf(pupil("<FSMhistory><FSMreviewDate>2026-09-01</FSMreviewDate>" + history + "</FSMhistory>")))
                .data().categories();
    }

    private static String instance(String start, String end) {
        return "<FSMinstance><FSMstartDate>" + start + "</FSMstartDate>"
                + (end == null ? "" : "<FSMendDate>" + end + "</FSMendDate>") + "<UKcountry>ENG</UKcountry></FSMinstance>";
    }

    @Test
    void freeSchoolMealsNowAndInTheLastSixYears() {
        assertThat(fsm(instance("2026-01-01", null))).isEqualTo(Map.of("FSM_ELIGIBLE", "true", "FSM6", "true"));
        assertThat(fsm(instance("2026-01-01", "2026-10-01"))).isEqualTo(Map.of("FSM_ELIGIBLE", "true", "FSM6", "true"));
        assertThat(fsm(instance("2026-01-01", "2026-09-30"))).isEqualTo(Map.of("FSM_ELIGIBLE", "false", "FSM6", "true"));
        assertThat(fsm(instance("2018-01-01", "2020-10-01"))).isEqualTo(Map.of("FSM_ELIGIBLE", "false", "FSM6", "true"));
        assertThat(fsm(instance("2018-01-01", "2020-09-30"))).isEqualTo(Map.of("FSM_ELIGIBLE", "false", "FSM6", "false"));
        assertThat(fsm(instance("2026-10-02", null))).isEqualTo(Map.of("FSM_ELIGIBLE", "false", "FSM6", "false"));
        assertThat(fsm("")).isEqualTo(Map.of("FSM_ELIGIBLE", "false", "FSM6", "false"));
        assertThat(fsm(instance("2018-01-01", "2019-01-01") + instance("2025-01-01", null)))
                .isEqualTo(Map.of("FSM_ELIGIBLE", "true", "FSM6", "true"));
        assertThat(only(ctf(pupil(""))).data().categories()).isEmpty();
    }

    @Test
    void unreadableDatesArePupilProblemsNotRefusals() {
        SourcePupil p = only(ctf(pupil("\n<FSMhistory>" + instance("01/02/" + SECRET, null) + instance("2025-01-01", "2025-13-01")
                + "</FSMhistory>\n<SENhistory><SEN><StartDate>" + SECRET + "</StartDate><SENprovision>K</SENprovision>"
                + "</SEN></SENhistory>")));
        assertThat(p.data().categories()).as("not guessed").isEmpty();
        assertThat(p.problems()).extracting(ImportProblem::field).containsExactly("FSMhistory/FSMinstance/FSMstartDate",
                "FSMhistory/FSMinstance/FSMendDate", "SENhistory/SEN/StartDate");
        assertThat(p.problems()).extracting(ImportProblem::location).containsExactly("Pupil 1 (line 11)",
                "Pupil 1 (line 11)", "Pupil 1 (line 12)");
        assertThat(p.problems()).allSatisfy(problem -> {
            assertThat(problem.code()).isEqualTo("invalid-date");
            assertThat(problem.message()).doesNotContain(SECRET).doesNotContain("01/02");
        });
        assertThat(p.toString()).doesNotContain(SECRET);

        SourcePupil stillEligible = only(ctf(pupil("<FSMhistory>" + instance("bad", null) + instance("2025-01-01", null)
                + "</FSMhistory>")));
        assertThat(stillEligible.data().categories()).isEqualTo(Map.of("FSM_ELIGIBLE", "true", "FSM6", "true"));
        assertThat(stillEligible.problems()).hasSize(1);
    }

    @Test
    void suppInfoUnknownNamespacedAndMiscasedElementsAreIgnored() {
        byte[] file = bytes("""
                <?xml version="1.0" encoding="UTF-8"?>
                <CTfile xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                <SuppInfo><Header><DocumentQualifier>full</DocumentQualifier></Header></SuppInfo>
                <Header>
                  <SuppInfo><DestSchool><URN>999999</URN></DestSchool></SuppInfo>
                  <DocumentQualifier>partial</DocumentQualifier>
                  <DestSchool><LEA>878</LEA><Estab>4123</Estab><URN>123456</URN><Extra a="1">x</Extra></DestSchool>
                </Header>
                <SuppInfo><CTFpupilData><Pupil><UPN>WRONG</UPN></Pupil></CTFpupilData></SuppInfo>
                <CTFpupilData>
                  <SuppInfo><Pupil><UPN>WRONG</UPN></Pupil></SuppInfo>
                  <Pupil>
                    <UPN>%s</UPN>
                    <SuppInfo><Surname>Wrong</Surname><Sex>M</Sex></SuppInfo>
                    <Address><Surname>Wrong</Surname><Unknown><Deeper>x</Deeper></Unknown></Address>
                    <x:Surname xmlns:x="urn:other">Wrong</x:Surname>
                    <surname>wrong</surname>
                    <Surname>Smith<SuppInfo>Wrong</SuppInfo></Surname>
                    <BasicDetails><SuppInfo><Ethnicity>WRNG</Ethnicity></SuppInfo><ethnicity>WRNG</ethnicity></BasicDetails>
                    <Sex>F</Sex>
                  </Pupil>
                  <NotAPupil><UPN>WRONG</UPN></NotAPupil>
                </CTFpupilData>
                <SuppInfo/>
                </CTfile>
                """.formatted(UPN));
        try (PupilSource source = open(file)) {
            assertThat(source.header()).isEqualTo(new FileHeader("CTF", false, "878", "4123", "123456", null));
            SourcePupil p = source.next();
            assertThat(p.data()).isEqualTo(new PupilData(UPN, null, "Smith", null, null, "F", null, null, List.of(),
                    Map.of()));
            assertThat(source.next()).isNull();
            assertThat(source.next()).as("stays at the end").isNull();
        }
    }

    @Test
    void entitiesCdataWhiteSpaceCommentsAndAByteOrderMarkAreRead() {
        byte[] body = ctf(pupil("<!-- a comment --><?pi data?><Sex>\n   F\n  </Sex>")
                .replace("Smith", "O&apos;Brien &amp; Co &#233;&#x1F600;")
                .replace("Amy", "<![CDATA[Zo\u00eb <Anne>]]>"));
        byte[] file = new byte[body.length + 3];
        file[0] = (byte) 0xEF;
        file[1] = (byte) 0xBB;
        file[2] = (byte) 0xBF;
        System.arraycopy(body, 0, file, 3, body.length);
        SourcePupil p = only(file);
        assertThat(p.data().surname()).isEqualTo("O'Brien & Co \u00e9\uD83D\uDE00");
        assertThat(p.data().forename()).isEqualTo("Zo\u00eb <Anne>");
        assertThat(p.data().sex()).isEqualTo("F");
    }

    @Test
    void strictDecoderReadOneCharAtATimeKeepsSurrogatePairsAndCountsLines() throws Exception {
        String text = "a\r\nb\u00e9\uD83D\uDE00\rc\n";
        CtfUtf8Reader reader = new CtfUtf8Reader(new ByteArrayInputStream(bytes(text + "\u00e9")), 100);
        StringBuilder read = new StringBuilder();
        char[] one = new char[1];
        for (int i = 0; i < text.length() + 1; i++) {
            assertThat(reader.read(one, 0, 1)).isEqualTo(1);
            read.append(one[0]);
        }
        assertThat(read.toString()).isEqualTo(text + "\u00e9");
        assertThat(reader.read(one, 0, 1)).isEqualTo(-1);

        CtfUtf8Reader bad = new CtfUtf8Reader(new ByteArrayInputStream(new byte[] {'a', '\r', '\n', 'b', (byte) 0xE9, 'c'}), 100);
        char[] buffer = new char[10];
        assertThat(bad.read(buffer, 0, 10)).isEqualTo(4);
        CtfUtf8Reader.Fault fault = catchThrowableOfType(CtfUtf8Reader.Fault.class, () -> bad.read(buffer, 0, 10));
        assertThat(fault.code()).isEqualTo("not-utf8");
        assertThat(fault.location()).isEqualTo("line 2, column 2");
    }

    @Test
    void manyPredefinedEntitiesAreFine() {
        SourcePupil p = only(ctf(pupil("<Sex>" + "&amp;".repeat(5000) + "</Sex>")));
        assertThat(p.data().sex()).hasSize(5000);
    }

    @Test
    void headerIsReadLazilyAndPupilsAreNumberedAndPlaced() {
        byte[] file = ctf(pupil("") + pupil("") + "<Pupil><UPN>");
        try (PupilSource source = open(file)) {
            assertThat(source.header().full()).isFalse();
            assertThat(source.next().location()).isEqualTo("Pupil 1 (line 10)");
            SourcePupil second = source.next();
            assertThat(second.index()).isEqualTo(1);
            assertThat(second.location()).isEqualTo("Pupil 2 (line 11)");
        }
        byte[] truncated = Arrays.copyOf(file, new String(file, StandardCharsets.UTF_8).indexOf("<Pupil>") + 3);
        try (PupilSource source = open(truncated)) {
            assertThat(source.header().destUrn()).as("the header needs only the start of the file").isEqualTo("123456");
        }
        try (PupilSource source = open(ctf(pupil("")))) {
            assertThat(source.next()).as("next() reads the header itself").isNotNull();
            assertThat(source.header().destLa()).isEqualTo("878");
        }
    }

    @Test
    void twoHundredThousandPupilsStreamThroughAPipeInBoundedMemory() throws Exception {
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream pipe = new PipedOutputStream(in);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (OutputStream out = new BufferedOutputStream(pipe, 1 << 16)) {
                new SyntheticSchoolData(new SyntheticSchoolData.Settings("123456", "878", "4123", 200_000, 11, TODAY))
                        .writeCtf(out, true);
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        }, "ctf-writer");
        writer.start();
        long baseline = usedAfterGc();
        long growth = 0;
        int count = 0;
        String lastUpn = null;
        try (PupilSource source = CtfReader.open(in, ImportLimits.DEFAULTS, TODAY)) {
            assertThat(source.header().full()).isTrue();
            for (SourcePupil p; (p = source.next()) != null; ) {
                count++;
                lastUpn = p.data().upn();
                if (count % 50_000 == 0) {
                    growth = Math.max(growth, usedAfterGc() - baseline);
                }
            }
        }
        writer.join(10_000);
        assertThat(writerFailure.get()).isNull();
        assertThat(count).isEqualTo(200_000);
        assertThat(lastUpn).isEqualTo(new PupilFactory(NameLists.load(), "878", "4123", 11, TODAY).pupil(199_999).upn());
        assertThat(growth).as("heap kept while reading a file of well over 100 MB").isLessThan(24L * 1024 * 1024);
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
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
