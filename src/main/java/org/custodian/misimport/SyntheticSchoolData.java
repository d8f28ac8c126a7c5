package org.custodian.misimport;

import com.ctc.wstx.stax.WstxOutputFactory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.custodian.misimport.internal.NameLists;
import org.custodian.misimport.internal.PupilFactory;
import org.custodian.misimport.internal.SyntheticPupil;

/**
 * Synthetic, valid MIS files for tests and benchmarks: a Common Transfer File (CTF XML, DOMAIN §4)
 * or a CSV export (DOMAIN §2) of {@code pupils} made-up pupils of one school. Output is streamed
 * pupil by pupil (memory does not grow with the number of pupils) and depends only on the settings:
 * the same settings give byte-identical files, and the CTF and CSV of one seed describe the same
 * pupils. Names come from shipped lists of common UK names; UPNs are unique with correct check
 * letters (about 1 in 100 temporary); NC years fit the dates of birth for the English academic year
 * containing {@code referenceDate}.
 */
public final class SyntheticSchoolData {

    /** The CSV columns, in order: the mandatory fields, then the optional categories. */
    public static final String[] CSV_HEADER = {"UPN", "Legal forename", "Legal surname", "Date of birth", "Sex",
        "Admission number", "Year", "Reg group", "Class", "Teacher", "Supervisor", "Ethnicity", "FSM",
        "Pupil premium", "SEN status", "First language"};

    /** Dates of birth in the CSV. */
    public static final DateTimeFormatter CSV_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private static final NameLists NAMES = NameLists.load();

    private final Settings settings;
    private final PupilFactory factory;

    /**
     * What to generate.
     *
     * @param urn the school's unique reference number (6 digits)
     * @param la the local authority code (3 digits)
     * @param estab the establishment number (4 digits)
     * @param schoolName a made-up school name
     * @param pupils how many pupils (0 to {@link PupilFactory#MAX_PUPILS})
     * @param seed the same seed gives the same files
     * @param referenceDate "today" for the file: its academic year, the header's date and time
     */
    public record Settings(String urn, String la, String estab, String schoolName, int pupils, long seed,
            LocalDate referenceDate) {

        public Settings {
            require(urn, "[0-9]{6}", "the URN has 6 digits");
            require(la, "[0-9]{3}", "the LA code has 3 digits");
            require(estab, "[0-9]{4}", "the establishment number has 4 digits");
            Objects.requireNonNull(schoolName, "schoolName");
            Objects.requireNonNull(referenceDate, "referenceDate");
            if (pupils < 0 || pupils > PupilFactory.MAX_PUPILS) {
                throw new IllegalArgumentException("pupils must be between 0 and " + PupilFactory.MAX_PUPILS);
            }
        }

        /** A school named after its URN. */
        public Settings(String urn, String la, String estab, int pupils, long seed, LocalDate referenceDate) {
            this(urn, la, estab, "Synthetic Academy " + urn, pupils, seed, referenceDate);
        }

        private static void require(String value, String pattern, String rule) {
            if (value == null || !value.matches(pattern)) {
                throw new IllegalArgumentException(rule);
            }
        }
    }

    public SyntheticSchoolData(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.factory = new PupilFactory(NAMES, settings.la(), settings.estab(), settings.seed(), settings.referenceDate());
    }

    public Settings settings() {
        return settings;
    }

    /** Writes a UTF-8 CTF; {@code full} marks it as listing every current pupil. Does not close {@code out}. */
    public void writeCtf(OutputStream out, boolean full) {
        try {
            XMLStreamWriter xml = new WstxOutputFactory().createXMLStreamWriter(out, "UTF-8");
            new CtfWriter(xml, settings, full).write(factory);
            xml.flush();
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("could not write the CTF", e));
        }
    }

    /** Writes a UTF-8 CSV (RFC 4180, CRLF) with {@link #CSV_HEADER} and one row per pupil. Does not close {@code out}. */
    public void writeCsv(OutputStream out) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try {
            CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get());
            for (int i = 0; i < settings.pupils(); i++) {
                SyntheticPupil p = factory.pupil(i);
                csv.printRecord(p.upn(), p.forename(), p.surname(), CSV_DATE.format(p.dateOfBirth()),
                        String.valueOf(p.sex()), p.admissionNumber(), String.valueOf(p.ncYear()),
                        p.registrationGroup(), p.className(), p.teacher(), p.supervisor(), p.ethnicity(),
                        yesNo(p.fsm() != null && p.fsm().current()), yesNo(p.pupilPremium()),
                        String.valueOf(p.senProvision()), p.firstLanguage());
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String yesNo(boolean value) {
        return value ? "Y" : "N";
    }
}
