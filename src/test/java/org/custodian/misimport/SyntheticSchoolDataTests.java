package org.custodian.misimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.custodian.misimport.internal.PupilFactory;
import org.custodian.pupils.Upn;
import org.junit.jupiter.api.Test;

class SyntheticSchoolDataTests {

    private static final LocalDate REFERENCE = LocalDate.of(2026, 10, 1);
    private static final int PUPILS = 2_000;

    private static SyntheticSchoolData school(int pupils, long seed) {
        return new SyntheticSchoolData(new SyntheticSchoolData.Settings("123456", "878", "4123", pupils, seed, REFERENCE));
    }

    private static byte[] ctf(SyntheticSchoolData data, boolean full) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        data.writeCtf(out, full);
        return out.toByteArray();
    }

    private static byte[] csv(SyntheticSchoolData data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        data.writeCsv(out);
        return out.toByteArray();
    }

    /** The CTF read back with a plain StAX reader: header values, and per pupil its leaf elements by path. */
    private static Parsed parse(byte[] ctf) throws Exception {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(ctf));
        Parsed parsed = new Parsed(new HashMap<>(), new ArrayList<>());
        List<String> path = new ArrayList<>();
        Map<String, String> pupil = null;
        StringBuilder text = new StringBuilder();
        while (xml.hasNext()) {
            switch (xml.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    path.add(xml.getLocalName());
                    text.setLength(0);
                    if (String.join("/", path).equals("CTfile/CTFpupilData/Pupil")) {
                        pupil = new HashMap<>();
                    } else if (pupil != null) {
                        pupil.putIfAbsent(String.join("/", path.subList(3, path.size())), "");
                    }
                }
                case XMLStreamConstants.CHARACTERS -> text.append(xml.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    String joined = String.join("/", path);
                    if (joined.equals("CTfile/CTFpupilData/Pupil")) {
                        parsed.pupils().add(pupil);
                        pupil = null;
                    } else if (pupil != null) {
                        pupil.put(String.join("/", path.subList(3, path.size())), text.toString().strip());
                    } else if (joined.startsWith("CTfile/Header/")) {
                        parsed.header().put(joined.substring("CTfile/Header/".length()), text.toString().strip());
                    }
                    path.remove(path.size() - 1);
                    text.setLength(0);
                }
                default -> {
                }
            }
        }
        return parsed;
    }

    private record Parsed(Map<String, String> header, List<Map<String, String>> pupils) {
    }

    @Test
    void aCtfParsesWithItsHeaderAndValidUniquePupils() throws Exception {
        Parsed parsed = parse(ctf(school(PUPILS, 42), true));

        assertThat(parsed.header()).containsEntry("CTFversion", "25.0")
                .containsEntry("DocumentQualifier", "full")
                .containsEntry("DateTime", "2026-10-01T08:00:00")
                .containsEntry("SourceSchool/LEA", "878")
                .containsEntry("SourceSchool/Estab", "4123")
                .containsEntry("SourceSchool/URN", "123456")
                .containsEntry("SourceSchool/AcademicYear", "2026")
                .containsEntry("DestSchool/URN", "123456")
                .containsKeys("DocumentName", "SupplierID", "SourceSchool/SchoolName");
        assertThat(parsed.pupils()).hasSize(PUPILS);

        Set<String> upns = new HashSet<>();
        int temporary = 0;
        for (Map<String, String> pupil : parsed.pupils()) {
            String upn = pupil.get("UPN");
            assertThat(Upn.isValid(upn)).as("UPN valid").isTrue();
            assertThat(upns.add(upn)).as("UPN unique").isTrue();
            temporary += Upn.isTemporary(upn) ? 1 : 0;
            if (pupil.containsKey("BasicDetails/FormerUPN")) {
                assertThat(Upn.isValid(pupil.get("BasicDetails/FormerUPN"))).isTrue();
            }
            int year = Integer.parseInt(pupil.get("BasicDetails/NCyearActual"));
            assertThat(year).isBetween(7, 13);
            LocalDate[] range = PupilFactory.birthRange(year, 2026);
            assertThat(LocalDate.parse(pupil.get("DOB"))).isBetween(range[0], range[1]);
            assertThat(pupil.get("Sex")).isIn("M", "F");
            assertThat(pupil.get("Surname")).isNotBlank();
            assertThat(pupil.get("Forename")).isNotBlank();
            assertThat(pupil.get("BasicDetails/Ethnicity")).matches("[A-Z]{4}");
            assertThat(pupil.get("BasicDetails/Languages/Type/Language")).matches("[A-Z]{3,4}");
            assertThat(pupil.get("BasicDetails/EnrolStatus")).isIn("C", "M", "S");
            if (pupil.containsKey("SENhistory/SEN/SENprovision")) {
                assertThat(pupil.get("SENhistory/SEN/SENprovision")).isIn("K", "E");
            }
        }
        assertThat(temporary).as("some temporary UPNs").isBetween(1, PUPILS / 20);
        assertThat(count(parsed, "BasicDetails/FormerUPN")).isPositive();
        assertThat(count(parsed, "BasicDetails/PreferredForename")).isPositive();
        assertThat(count(parsed, "FSMhistory/FSMinstance/FSMstartDate")).isBetween(PUPILS / 10L, PUPILS / 2L);
        assertThat(count(parsed, "SENhistory/SENneeds/SENneed/SENtype")).isBetween(PUPILS / 20L, PUPILS / 3L);
        assertThat(count(parsed, "SuppInfo")).isPositive();
        assertThat(parsed.pupils()).anySatisfy(p -> assertThat(p.get("Surname")).contains("'"))
                .anySatisfy(p -> assertThat(p.get("Surname")).contains("-"))
                .anySatisfy(p -> assertThat(p.get("Forename") + p.get("Surname")).matches(".*[^\\x00-\\x7F].*"));
    }

    private static long count(Parsed parsed, String element) {
        return parsed.pupils().stream().filter(p -> p.containsKey(element)).count();
    }

    @Test
    void aPartialCtfSaysSo() throws Exception {
        assertThat(parse(ctf(school(3, 1), false)).header()).containsEntry("DocumentQualifier", "partial");
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDiffers() {
        assertThat(ctf(school(500, 7), true)).isEqualTo(ctf(school(500, 7), true));
        assertThat(ctf(school(500, 7), true)).isNotEqualTo(ctf(school(500, 8), true));
        assertThat(csv(school(500, 7))).isEqualTo(csv(school(500, 7)));
        assertThat(csv(school(500, 7))).isNotEqualTo(csv(school(500, 8)));
    }

    @Test
    void aCsvHasAHeaderAndOneRowPerPupilThatReadBackIntact() throws Exception {
        byte[] bytes = csv(school(PUPILS, 42));
        List<CSVRecord> rows;
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.RFC4180.parse(reader)) {
            rows = parser.getRecords();
        }
        assertThat(rows).hasSize(PUPILS + 1);
        assertThat(rows.get(0).toList()).containsExactly(SyntheticSchoolData.CSV_HEADER);

        Parsed ctf = parse(ctf(school(PUPILS, 42), true));
        Set<String> admissionNumbers = new HashSet<>();
        for (int i = 1; i <= PUPILS; i++) {
            CSVRecord row = rows.get(i);
            Map<String, String> pupil = ctf.pupils().get(i - 1);
            assertThat(row.size()).isEqualTo(SyntheticSchoolData.CSV_HEADER.length);
            assertThat(row.get(0)).as("same pupils as the CTF of the same seed").isEqualTo(pupil.get("UPN"));
            assertThat(row.get(1)).isEqualTo(pupil.get("Forename"));
            assertThat(row.get(2)).isEqualTo(pupil.get("Surname"));
            assertThat(row.get(3)).matches("[0-3][0-9]/[01][0-9]/[0-9]{4}");
            assertThat(LocalDate.parse(row.get(3), SyntheticSchoolData.CSV_DATE)).isEqualTo(LocalDate.parse(pupil.get("DOB")));
            assertThat(admissionNumbers.add(row.get(5))).isTrue();
            assertThat(row.get(6)).isEqualTo(pupil.get("BasicDetails/NCyearActual"));
            assertThat(row.get(7)).matches(row.get(6) + "[A-F]");
            assertThat(row.get(8)).startsWith(row.get(6) + "/");
            assertThat(row.get(10)).as("supervisor 'Surname, Forename' survives quoting").contains(", ");
            assertThat(row.get(14)).isIn("N", "K", "E");
        }
        assertThat(rows).anySatisfy(r -> assertThat(r.get(2)).contains("'"))
                .anySatisfy(r -> assertThat(r.get(1) + r.get(2)).matches(".*[^\\x00-\\x7F].*"));
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new SyntheticSchoolData.Settings("12345", "878", "4123", 1, 1, REFERENCE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyntheticSchoolData.Settings("123456", "87", "4123", 1, 1, REFERENCE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyntheticSchoolData.Settings("123456", "878", "4123", -1, 1, REFERENCE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nationalCurriculumYearsFollowTheEnglishAcademicYear() {
        assertThat(PupilFactory.academicYearStart(LocalDate.of(2026, 8, 31))).isEqualTo(2025);
        assertThat(PupilFactory.academicYearStart(LocalDate.of(2026, 9, 1))).isEqualTo(2026);
        // In 2026/27, year 7 was born from 1 September 2014 to 31 August 2015.
        assertThat(PupilFactory.birthRange(7, 2026)).containsExactly(LocalDate.of(2014, 9, 1), LocalDate.of(2015, 8, 31));
    }
}
