package org.custodian.misimport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.misimport.internal.CsvColumns.Column;
import org.custodian.misimport.internal.SourcePupil.ClassStaffName;
import org.custodian.misimport.internal.SourcePupil.ClassStaffName.Duty;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.Upn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTests {

    private static final LocalDate REFERENCE = LocalDate.of(2026, 10, 1);
    private static final String HEADER = "UPN,Forename,Surname,Date of birth";
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** A fake UPN with a valid check letter. */
    private static String upn(int serial) {
        String body = String.format("8784123%02d%03d", 26, serial);
        return Upn.checkLetter(body) + body;
    }

    private static CsvReader open(byte[] bytes) {
        return CsvReader.open(new ByteArrayInputStream(bytes), ImportLimits.DEFAULTS);
    }

    private static List<SourcePupil> readAll(CsvReader reader) {
        List<SourcePupil> pupils = new ArrayList<>();
        try (reader) {
            for (SourcePupil pupil = reader.next(); pupil != null; pupil = reader.next()) {
                pupils.add(pupil);
            }
        }
        return pupils;
    }

    private static List<SourcePupil> read(String csv) {
        return readAll(open(csv.getBytes(StandardCharsets.UTF_8)));
    }

    private static ImportRefusedException refusal(byte[] bytes, ImportLimits limits) {
        return catchThrowableOfType(ImportRefusedException.class,
                () -> readAll(CsvReader.open(new ByteArrayInputStream(bytes), limits)));
    }

    private static ImportRefusedException refusal(String csv) {
        return refusal(csv.getBytes(StandardCharsets.UTF_8), ImportLimits.DEFAULTS);
    }

    private static ImportLimits maxText(int chars) {
        return new ImportLimits(ImportLimits.DEFAULTS.maxFileBytes(), 32, chars, 16);
    }

    // --- read back what the generator writes ---

    @Test
    void readsBackTheSyntheticSchoolCsv() {
        long seed = 7;
        SyntheticSchoolData school = new SyntheticSchoolData(
                new SyntheticSchoolData.Settings("123456", "878", "4123", 500, seed, REFERENCE));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        school.writeCsv(out);
        PupilFactory factory = new PupilFactory(NameLists.load(), "878", "4123", seed, REFERENCE);

        CsvReader reader = open(out.toByteArray());
        assertThat(reader.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(reader.ignoredColumns()).isEmpty();
        assertThat(reader.header()).isEqualTo(new FileHeader("CSV", null, null, null, null, null));
        List<SourcePupil> pupils = readAll(reader);

        assertThat(pupils).hasSize(500);
        for (int i = 0; i < 500; i++) {
            SyntheticPupil expected = factory.pupil(i);
            SourcePupil actual = pupils.get(i);
            PupilData data = actual.data();
            assertThat(actual.index()).isEqualTo(i);
            assertThat(actual.location()).isEqualTo("line " + (i + 2));
            assertThat(actual.problems()).isEmpty();
            assertThat(data.upn()).isEqualTo(expected.upn());
            assertThat(data.forename()).isEqualTo(expected.forename());
            assertThat(data.surname()).isEqualTo(expected.surname());
            assertThat(data.dateOfBirth()).isEqualTo(expected.dateOfBirth().toString());
            assertThat(data.sex()).isEqualTo(String.valueOf(expected.sex()));
            assertThat(data.admissionNumber()).isEqualTo(expected.admissionNumber());
            assertThat(data.ncYear()).isEqualTo(String.valueOf(expected.ncYear()));
            assertThat(data.registrationGroup()).isEqualTo(expected.registrationGroup());
            assertThat(data.classes()).containsExactly(expected.className());
            assertThat(actual.staff()).containsExactly(
                    new ClassStaffName(expected.className(), Duty.TEACHER, expected.teacher()),
                    new ClassStaffName(expected.className(), Duty.SUPERVISOR, expected.supervisor()));
            assertThat(data.categories()).isEqualTo(Map.of(
                    "ETHNICITY", expected.ethnicity(),
                    "FSM_ELIGIBLE", expected.fsm() != null && expected.fsm().current() ? "Y" : "N",
                    "PUPIL_PREMIUM", expected.pupilPremium() ? "Y" : "N",
                    "SEN_STATUS", String.valueOf(expected.senProvision()),
                    "FIRST_LANGUAGE", expected.firstLanguage()));
            assertThat(actual.formerUpn()).isNull();
            assertThat(actual.leavingDate()).isNull();
        }
    }

    // --- encodings ---

    @Test
    void byteOrderMarkIsSkipped() {
        CsvReader reader = open(("\uFEFF" + HEADER + "\r\n" + upn(1) + ",Zoë,Brontë,01/02/2015\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(reader.charset()).isEqualTo(StandardCharsets.UTF_8);
        SourcePupil pupil = readAll(reader).get(0);
        assertThat(pupil.data().upn()).isEqualTo(upn(1));
        assertThat(pupil.data().forename()).isEqualTo("Zoë");
    }

    @Test
    void utf8WithoutByteOrderMarkIsUtf8() {
        CsvReader reader = open((HEADER + "\n" + upn(1) + ",Zoë,Łukasiewicz,01/02/2015\n").getBytes(StandardCharsets.UTF_8));
        assertThat(reader.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(readAll(reader).get(0).data().surname()).isEqualTo("Łukasiewicz");
    }

    @Test
    void windows1252IsDecodedWhenTheBytesAreNotUtf8() {
        String csv = HEADER + ",Known as\r\n" + upn(1) + ",Zoë,O’Brien,01/02/2015,Renée\r\n";
        CsvReader reader = open(csv.getBytes(WINDOWS_1252));
        assertThat(reader.charset()).isEqualTo(WINDOWS_1252);
        SourcePupil pupil = readAll(reader).get(0);
        assertThat(pupil.data().forename()).isEqualTo("Zoë");
        assertThat(pupil.data().surname()).isEqualTo("O’Brien");
        assertThat(pupil.data().categories()).containsEntry("PREFERRED_NAME", "Renée");
    }

    @Test
    void aWindows1252ByteAfterTheProbeRefusesTheFileAsMixedEncodingAtItsLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((HEADER + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i <= 100; i++) {
            bytes.write((upn(i) + ",Anna,Smith,01/02/2015\r\n").getBytes(StandardCharsets.UTF_8));
        }
        bytes.write((upn(101) + ",Zoë,Smith,01/02/2015\r\n").getBytes(WINDOWS_1252));
        InputStream in = new ByteArrayInputStream(bytes.toByteArray());

        CsvReader reader = CsvReader.open(in, ImportLimits.DEFAULTS, 256);
        assertThat(reader.charset()).isEqualTo(StandardCharsets.UTF_8);
        ImportRefusedException refused = catchThrowableOfType(ImportRefusedException.class, () -> readAll(reader));

        assertThat(refused.code()).isEqualTo("mixed-encoding");
        assertThat(refused.location()).isEqualTo("line 102");
        assertThat(refused.getMessage()).doesNotContain("Zo");
    }

    @Test
    void invalidUtf8AfterAByteOrderMarkIsRefused() {
        byte[] head = ("\uFEFF" + HEADER + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] row = (upn(1) + ",Zoë,Smith,01/02/2015\r\n").getBytes(WINDOWS_1252);
        byte[] all = new byte[head.length + row.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(row, 0, all, head.length, row.length);

        ImportRefusedException refused = refusal(all, ImportLimits.DEFAULTS);
        assertThat(refused.code()).isEqualTo("mixed-encoding");
        assertThat(refused.location()).isEqualTo("line 2");
    }

    /** Excel's "Unicode Text": UTF-16, tab-separated. */
    private static String tabSeparated() {
        return HEADER.replace(',', '\t') + "\r\n" + upn(1) + "\tZoë\tBrontë\t01/02/2015\r\n"
                + upn(2) + "\tŁucja\tO'Brien\t03/04/2015\r\n";
    }

    @Test
    void utf16WithAByteOrderMarkIsReadInEitherByteOrderWithTabsOrCommas() {
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            CsvReader tabs = open(("\uFEFF" + tabSeparated()).getBytes(charset));
            assertThat(tabs.charset()).isEqualTo(charset);
            assertThat(tabs.readAs()).isEqualTo(charset.name() + ", tab-separated");
            List<SourcePupil> pupils = readAll(tabs);
            assertThat(pupils).extracting(p -> p.data().forename()).containsExactly("Zoë", "Łucja");
            assertThat(pupils).extracting(p -> p.data().surname()).containsExactly("Brontë", "O'Brien");
            assertThat(pupils).allSatisfy(p -> assertThat(p.problems()).isEmpty());

            CsvReader commas = open(("\uFEFF" + HEADER + "\r\n" + upn(1) + ",Zoë,Brontë,01/02/2015\r\n").getBytes(charset));
            assertThat(commas.readAs()).isEqualTo(charset.name() + ", comma-separated");
            assertThat(readAll(commas)).extracting(p -> p.data().forename()).containsExactly("Zoë");
        }
    }

    @Test
    void utf16WithoutAByteOrderMarkIsRecognisedByItsZeroBytes() {
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            CsvReader reader = open(tabSeparated().getBytes(charset));
            assertThat(reader.charset()).as("read as %s", charset).isEqualTo(charset);
            assertThat(readAll(reader)).extracting(p -> p.data().surname()).containsExactly("Brontë", "O'Brien");
        }
    }

    @Test
    void utf8AndWindows1252AreNotMistakenForUtf16() {
        assertThat(CsvDecoding.utf16WithoutMark((HEADER + "\r\n" + upn(1) + ",Zoë,Brontë,01/02/2015\r\n")
                .getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(CsvDecoding.utf16WithoutMark((HEADER + "\r\n" + upn(1) + ",Zoë,Brontë,01/02/2015\r\n")
                .getBytes(WINDOWS_1252))).isNull();
    }

    @Test
    void aTabSeparatedUtf8FileIsReadWithTabs() {
        CsvReader reader = open(tabSeparated().getBytes(StandardCharsets.UTF_8));
        assertThat(reader.readAs()).isEqualTo("UTF-8, tab-separated");
        assertThat(readAll(reader)).hasSize(2);
    }

    @Test
    void aControlCharacterInAnyCellIsRefusedWithItsLineAndColumn() {
        ImportRefusedException inUnreadColumn = refusal(HEADER + ",Notes\r\n" + upn(1) + ",Zoë,Brontë,01/02/2015,a\u0000b\r\n");
        assertThat(inUnreadColumn.code()).isEqualTo("control-character");
        assertThat(inUnreadColumn.location()).isEqualTo("line 2, column 5");

        ImportRefusedException inHeader = refusal("UPN,Forename,Sur\u0001name,Date of birth\r\n");
        assertThat(inHeader.code()).isEqualTo("control-character");
        assertThat(inHeader.location()).isEqualTo("line 1, column 3");

        assertThat(read(HEADER + "\r\n" + upn(1) + ",\"Zoë\tAnn\",Brontë,01/02/2015\r\n"))
                .as("a tab inside a cell is allowed").hasSize(1);
    }

    // --- header names ---

    @Test
    void headerAliasesMapToFieldsIgnoringCaseSpacesAndPunctuation() {
        String csv = "first_name,LAST-NAME,D.O.B.,Gender,Adno,NC Year,Tutor Group,Teaching group,Class teacher,"
                + "Supervisors,Former UPN,Date of leaving,Postcode,CLA,Known as,Ever 6 FSM,Home language,"
                + "Gifted and talented,PP,SEN provision,Service,Traveller status,Ever looked after,"
                + "Free school meals,Ethnicity, upn ,Notes\r\n"
                + "Anna,Smith,2015-02-01,Female,000123,Year 9,9B,9/Ma1;9/En2,Mr A. Jones; Ms B. Khan,"
                + "\"Patel, Ravi\"," + upn(2) + ",31/08/2026,XX1 1XX,N,Annie,Y,ENG,N,Y,K,N,N,N,Y,WBRI," + upn(1)
                + ",fake note\r\n";
        CsvReader reader = open(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(reader.ignoredColumns()).containsExactly("Postcode", "Notes");
        SourcePupil pupil = readAll(reader).get(0);

        PupilData data = pupil.data();
        assertThat(data.upn()).isEqualTo(upn(1));
        assertThat(data.forename()).isEqualTo("Anna");
        assertThat(data.surname()).isEqualTo("Smith");
        assertThat(data.dateOfBirth()).isEqualTo("2015-02-01");
        assertThat(data.sex()).isEqualTo("F");
        assertThat(data.admissionNumber()).isEqualTo("000123");
        assertThat(data.ncYear()).isEqualTo("9");
        assertThat(data.registrationGroup()).isEqualTo("9B");
        assertThat(data.classes()).containsExactly("9/Ma1", "9/En2");
        assertThat(pupil.formerUpn()).isEqualTo(upn(2));
        assertThat(pupil.leavingDate()).isEqualTo("2026-08-31");
        assertThat(pupil.staff()).containsExactly(
                new ClassStaffName("9/Ma1", Duty.TEACHER, "Mr A. Jones"),
                new ClassStaffName("9/Ma1", Duty.TEACHER, "Ms B. Khan"),
                new ClassStaffName("9/En2", Duty.TEACHER, "Mr A. Jones"),
                new ClassStaffName("9/En2", Duty.TEACHER, "Ms B. Khan"),
                new ClassStaffName("9/Ma1", Duty.SUPERVISOR, "Patel, Ravi"),
                new ClassStaffName("9/En2", Duty.SUPERVISOR, "Patel, Ravi"));
        assertThat(data.categories()).isEqualTo(Map.ofEntries(
                Map.entry("LOOKED_AFTER", "N"), Map.entry("PREFERRED_NAME", "Annie"), Map.entry("FSM6", "Y"),
                Map.entry("FIRST_LANGUAGE", "ENG"), Map.entry("MORE_ABLE", "N"), Map.entry("PUPIL_PREMIUM", "Y"),
                Map.entry("SEN_STATUS", "K"), Map.entry("SERVICE_CHILD", "N"), Map.entry("TRAVELLER_STATUS", "N"),
                Map.entry("EVER_LOOKED_AFTER", "N"), Map.entry("FSM_ELIGIBLE", "Y"), Map.entry("ETHNICITY", "WBRI")));
        assertThat(pupil.problems()).isEmpty();
    }

    @Test
    void everyAliasIsMatchedInAnyCaseAndPunctuationAndIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/csv-columns.md"));
        for (Column column : Column.values()) {
            for (String alias : column.aliases()) {
                assertThat(doc).as("docs/csv-columns.md lists %s", alias).contains("`" + alias + "`");
                assertThat(CsvColumns.forHeader(alias)).isEqualTo(column);
                assertThat(CsvColumns.forHeader(" " + alias.toUpperCase().replace(' ', '_') + " ")).isEqualTo(column);
                assertThat(CsvColumns.forHeader(alias.toLowerCase().replace(' ', '-'))).isEqualTo(column);
            }
        }
        assertThat(CsvColumns.forHeader("Postcode")).isNull();
    }

    @Test
    void teachersOfARowWithoutAClassTeachItsRegistrationGroup() {
        List<SourcePupil> pupils = read("UPN,Forename,Surname,DOB,Reg group,Class,Teacher,Supervisor\r\n"
                + upn(1) + ",Anna,Smith,01/02/2015,7C,,Ms C. Brown,Mr D. Green\r\n"
                + upn(2) + ",Ben,Smith,01/02/2015,,,Ms C. Brown,\r\n");
        assertThat(pupils.get(0).staff()).containsExactly(new ClassStaffName("7C", Duty.TEACHER, "Ms C. Brown"),
                new ClassStaffName("7C", Duty.SUPERVISOR, "Mr D. Green"));
        assertThat(pupils.get(0).problems()).isEmpty();
        assertThat(pupils.get(1).staff()).isEmpty();
        assertThat(pupils.get(1).problems()).extracting(ImportProblem::code, ImportProblem::field, ImportProblem::location)
                .containsExactly(tuple("staff-without-class", "teacher", "line 3"));
    }

    @Test
    void aMissingRequiredColumnIsRefusedNamingTheField() {
        ImportRefusedException refused = refusal("UPN,Forename,Surname,Sex\r\n" + upn(1) + ",Anna,Smith,F\r\n");
        assertThat(refused.code()).isEqualTo("missing-column");
        assertThat(refused.location()).isEqualTo("line 1");
        assertThat(refused.getMessage()).contains("dateOfBirth");
    }

    @Test
    void twoColumnsForOneFieldAreRefused() {
        ImportRefusedException refused = refusal("UPN,Forename,Surname,DOB,First name\r\n");
        assertThat(refused.code()).isEqualTo("duplicate-column");
        assertThat(refused.getMessage()).contains("forename").contains("2").contains("5");
        assertThat(refusal("UPN,Forename,Surname,DOB,Language,Home language\r\n").code()).isEqualTo("duplicate-column");
    }

    // --- RFC 4180 and line numbers ---

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaksAndLaterRowsKeepTheirPhysicalLine() {
        List<SourcePupil> pupils = read(HEADER + ",Known as\r\n"
                + upn(1) + ",\"Anne,\r\nMarie\",\"O\"\"Neil\",01/02/2015,\"two\nlines\rthree\"\r\n"
                + "\r\n"
                + upn(2) + ",Ben,Smith,1/2/15,\r\n"
                + ",,,\r\n"
                + upn(3) + ",Cat,Smith,01/02/2015,");

        assertThat(pupils).extracting(SourcePupil::location).containsExactly("line 2", "line 7", "line 9");
        assertThat(pupils).extracting(SourcePupil::index).containsExactly(0, 1, 2);
        assertThat(pupils.get(0).data().forename()).isEqualTo("Anne,\r\nMarie");
        assertThat(pupils.get(0).data().surname()).isEqualTo("O\"Neil");
        assertThat(pupils.get(0).data().categories()).containsEntry("PREFERRED_NAME", "two\nlines\rthree");
        assertThat(pupils.get(1).problems()).extracting(ImportProblem::location).containsExactly("line 7");
        assertThat(pupils.get(2).data().upn()).isEqualTo(upn(3));
    }

    @Test
    void blankLinesBeforeTheHeaderAreSkippedAndCounted() {
        CsvReader reader = open(("\r\n\n" + HEADER + "\n" + upn(1) + ",Anna,Smith,01/02/2015\n").getBytes(StandardCharsets.UTF_8));
        assertThat(readAll(reader)).extracting(SourcePupil::location).containsExactly("line 4");
    }

    @Test
    void anUnclosedQuoteIsRefusedAtTheLineWhereItsRowStarts() {
        ImportRefusedException refused = refusal(HEADER + "\r\n" + upn(1) + ",Anna,Smith,01/02/2015\r\n"
                + upn(2) + ",\"Ben,Smith,01/02/2015\r\n");
        assertThat(refused.code()).isEqualTo("malformed-csv");
        assertThat(refused.location()).isEqualTo("line 3");
        ImportRefusedException trailing = refusal(HEADER + "\r\n" + upn(1) + ",\"Anna\"x,Smith,01/02/2015\r\n");
        assertThat(trailing.code()).isEqualTo("malformed-csv");
        assertThat(trailing.location()).isEqualTo("line 2");
    }

    @Test
    void aRowWithMoreCellsThanTheHeaderHasAProblemButIsRead() {
        SourcePupil pupil = read(HEADER + "\r\n" + upn(1) + ",Anna,Smith,01/02/2015,surplus\r\n").get(0);
        assertThat(pupil.problems()).extracting(ImportProblem::code).containsExactly("extra-cells");
        assertThat(pupil.problems().get(0).message()).doesNotContain("surplus");
        assertThat(pupil.data().surname()).isEqualTo("Smith");
        assertThat(read(HEADER + "\r\n" + upn(1) + ",Anna,Smith,01/02/2015,, \r\n").get(0).problems())
                .as("trailing empty cells").isEmpty();
    }

    @Test
    void aShortRowLeavesTheMissingCellsNull() {
        SourcePupil pupil = read(HEADER + ",Sex\r\n" + upn(1) + ",Anna,Smith\r\n").get(0);
        assertThat(pupil.data().dateOfBirth()).isNull();
        assertThat(pupil.data().sex()).isNull();
        assertThat(pupil.problems()).isEmpty();
    }

    // --- dates ---

    @Test
    void datesAreConvertedTextuallyAndNotRolledOver() {
        List<SourcePupil> pupils = read(HEADER + ",Leaving date\r\n"
                + upn(1) + ",Anna,Smith,31/02/2015,2026-07-31\r\n"
                + upn(2) + ",Ben,Smith,2015-02-31,20/07/2026\r\n"
                + upn(3) + ",Cat,Smith, 01/09/2014 ,\r\n");
        assertThat(pupils).extracting(p -> p.data().dateOfBirth()).containsExactly("2015-02-31", "2015-02-31", "2014-09-01");
        assertThat(pupils).extracting(SourcePupil::leavingDate).containsExactly("2026-07-31", "2026-07-20", null);
        assertThat(pupils).allSatisfy(p -> assertThat(p.problems()).isEmpty());
    }

    @Test
    void anyOtherDateFormIsNotGuessed() {
        List<String> ambiguous = List.of("1/2/15", "01-02-2015", "2015/02/01", "02/01/2015 10:00", "41883", "1/2/2015",
                "2015-2-1", "01/02/15", "Feb 1 2015");
        StringBuilder csv = new StringBuilder(HEADER + ",Date of leaving\r\n");
        for (int i = 0; i < ambiguous.size(); i++) {
            csv.append(upn(i)).append(",Anna,Smith,").append(ambiguous.get(i)).append(',').append(ambiguous.get(i))
                    .append("\r\n");
        }
        List<SourcePupil> pupils = read(csv.toString());

        assertThat(pupils).hasSize(ambiguous.size());
        for (int i = 0; i < pupils.size(); i++) {
            SourcePupil pupil = pupils.get(i);
            assertThat(pupil.data().dateOfBirth()).as(ambiguous.get(i)).isNull();
            assertThat(pupil.leavingDate()).isNull();
            assertThat(pupil.problems()).extracting(ImportProblem::code).containsExactly("ambiguous-date", "ambiguous-date");
            assertThat(pupil.problems()).extracting(ImportProblem::field).containsExactly("dateOfBirth", "leavingDate");
            assertThat(pupil.problems()).extracting(ImportProblem::location).containsOnly("line " + (i + 2));
            String value = ambiguous.get(i);
            assertThat(pupil.problems()).allSatisfy(p -> assertThat(p.message()).doesNotContain(value));
        }
    }

    // --- values ---

    @Test
    void formulaLikeValuesArriveUnchangedAsData() {
        String formula = "=HYPERLINK(\"http://example.com\")";
        List<SourcePupil> pupils = read(HEADER + ",Known as\r\n"
                + upn(1) + ",\"" + formula.replace("\"", "\"\"") + "\",+44,01/02/2015,@SUM(A1)\r\n"
                + upn(2) + ",-1,=1+1,01/02/2015,\r\n");
        assertThat(pupils.get(0).data().forename()).isEqualTo(formula);
        assertThat(pupils.get(0).data().surname()).isEqualTo("+44");
        assertThat(pupils.get(0).data().categories()).containsEntry("PREFERRED_NAME", "@SUM(A1)");
        assertThat(pupils.get(1).data().forename()).isEqualTo("-1");
        assertThat(pupils.get(1).data().surname()).isEqualTo("=1+1");
        assertThat(pupils).allSatisfy(p -> assertThat(p.problems()).isEmpty());
    }

    @Test
    void sexValuesAreReadAsMOrF() {
        List<SourcePupil> pupils = read(HEADER + ",Gender\r\n" + upn(1) + ",A,S,01/02/2015,male\r\n"
                + upn(2) + ",B,S,01/02/2015,F\r\n" + upn(3) + ",C,S,01/02/2015,FEMALE\r\n"
                + upn(4) + ",D,S,01/02/2015,X\r\n");
        assertThat(pupils).extracting(p -> p.data().sex()).containsExactly("M", "F", "F", "X");
    }

    // --- bounds ---

    @Test
    void aTenMegabyteFieldIsRefusedWithoutReadingIt() {
        String head = HEADER + "\r\n" + upn(1) + ",Anna,Smith,01/02/2015\r\n" + upn(2) + ",\"";
        long fieldBytes = 10L * 1024 * 1024;
        AtomicLong served = new AtomicLong();
        InputStream in = new InputStream() {
            private final byte[] prefix = head.getBytes(StandardCharsets.US_ASCII);

            @Override
            public int read() {
                long at = served.get();
                if (at >= prefix.length + fieldBytes) {
                    return -1;
                }
                served.incrementAndGet();
                return at < prefix.length ? prefix[(int) at] : (at % 100 == 0 ? '\n' : 'a');
            }
        };

        ImportRefusedException refused = catchThrowableOfType(ImportRefusedException.class,
                () -> readAll(CsvReader.open(in, ImportLimits.DEFAULTS)));

        assertThat(refused.code()).isEqualTo("value-too-long");
        assertThat(refused.location()).isEqualTo("line 3");
        assertThat(served.get()).as("bytes read before refusing").isLessThan(CsvReader.PROBE_BYTES + 100_000L);
    }

    @Test
    void theFieldLimitIsExactAndCountsADoubledQuoteOnce() {
        String ten = "a".repeat(10);
        assertThat(readAll(CsvReader.open(new ByteArrayInputStream((HEADER + "\r\n" + upn(1) + "," + ten + ",\""
                + "\"\"".repeat(10) + "\",01/02/2015\r\n").getBytes(StandardCharsets.UTF_8)), maxText(13))))
                .extracting(p -> p.data().surname()).containsExactly("\"".repeat(10));
        ImportRefusedException refused = refusal((HEADER + "\r\n" + upn(1) + ",Anna,Smith,01/02/2015\r\n\r\n"
                + upn(2) + "," + ten + "aaaa,Smith,01/02/2015\r\n").getBytes(StandardCharsets.UTF_8), maxText(13));
        assertThat(refused.code()).isEqualTo("value-too-long");
        assertThat(refused.location()).isEqualTo("line 4");
    }

    @Test
    void aRowOfThousandsOfCellsIsRefused() {
        ImportRefusedException refused = refusal(HEADER + "\r\n" + upn(1) + ",Anna,Smith,01/02/2015" + ",".repeat(5000));
        assertThat(refused.code()).isEqualTo("too-many-cells");
        assertThat(refused.location()).isEqualTo("line 2");
    }

    @Test
    void anEmptyFileIsRefusedAndAHeaderOnlyFileHasNoPupils() {
        assertThat(refusal(new byte[0], ImportLimits.DEFAULTS).code()).isEqualTo("empty-file");
        assertThat(refusal("\uFEFF").code()).isEqualTo("empty-file");
        assertThat(refusal("\r\n  \r\n").code()).isEqualTo("empty-file");
        assertThat(read(HEADER + "\r\n")).isEmpty();
        assertThat(read(HEADER)).isEmpty();
        assertThat(read(HEADER + "\r\n\r\n,,,\r\n ,\r\n")).isEmpty();
    }

    @Test
    void twoHundredThousandRowsStreamThroughAPipe() throws Exception {
        int rows = 200_000;
        PipedInputStream in = new PipedInputStream(1 << 16);
        OutputStream out = new PipedOutputStream(in);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (out) {
                new SyntheticSchoolData(new SyntheticSchoolData.Settings("123456", "878", "4123", rows, 11, REFERENCE))
                        .writeCsv(out);
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        });
        writer.start();

        int count = 0;
        int problems = 0;
        SourcePupil last = null;
        try (CsvReader reader = CsvReader.open(in, ImportLimits.DEFAULTS)) {
            for (SourcePupil pupil = reader.next(); pupil != null; pupil = reader.next()) {
                count++;
                problems += pupil.problems().size();
                last = pupil;
            }
        }
        writer.join(60_000);

        assertThat(writerFailure.get()).isNull();
        assertThat(count).isEqualTo(rows);
        assertThat(problems).isZero();
        assertThat(last.index()).isEqualTo(rows - 1);
        assertThat(last.location()).isEqualTo("line " + (rows + 1));
    }

    /** Reads a CSV file and prints how many pupils it has: run in a small-heap JVM by the test below. */
    public static final class CountPupils {
        public static void main(String[] args) throws IOException {
            int count = 0;
            try (CsvReader reader = CsvReader.open(Files.newInputStream(Path.of(args[0])), ImportLimits.DEFAULTS)) {
                while (reader.next() != null) {
                    count++;
                }
            }
            System.out.println(count);
        }
    }

    @Test
    void aFileFarLargerThanTheHeapIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("school.csv");
        try (OutputStream out = Files.newOutputStream(file)) {
            new SyntheticSchoolData(new SyntheticSchoolData.Settings("123456", "878", "4123", 200_000, 3, REFERENCE))
                    .writeCsv(out);
        }
        Path log = dir.resolve("log.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-cp", System.getProperty("java.class.path"), CountPupils.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(Files.size(file)).as("larger than the 16 MB heap").isGreaterThan(16L * 1024 * 1024);
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log).strip()).isEqualTo("200000");
    }
}
