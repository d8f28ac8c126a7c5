package org.custodian.rights.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.custodian.accesslog.AccessHistoryJson;
import org.custodian.accesslog.LoggedEntry;
import org.custodian.accesslog.SubjectAccessHistory.History;
import org.custodian.identity.StaffAccounts.StaffAccount;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.Purpose;
import org.custodian.web.CsvCells;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what was read about a pupil into a bundle's files: the record as JSON and CSV (every
 * component of the record, every optional category whether or not a value is stored), a PDF summary,
 * the access history with its proofs, the checkpoint and verifier keys, and for portability the pupil
 * as a CTF the importer reads back. Pure: no database, no clock.
 */
final class AccessBundleBuilder {

    static final String PDF = "summary.pdf";
    static final String JSON_RECORD = "pupil.json";
    static final String CSV_RECORD = "pupil.csv";
    static final String HISTORY = "access-history.json";
    static final String CHECKPOINT = "checkpoint.txt";
    static final String KEYS = "verifier-keys.txt";
    static final String README = "readme.txt";
    static final String CTF = "pupil-ctf.xml";
    static final String JSON_STAFF = "staff-account.json";
    static final String CSV_STAFF = "staff-account.csv";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm").withZone(UK);

    /** DOMAIN §6: the current defaults, stated in the summary. */
    static final List<String[]> RETENTION = List.of(
            new String[] {"Pupil record after the pupil leaves", "Set by the school (guidance often quoted: date of birth + 25 years; + 31 years for SEN files)"},
            new String[] {"Access-log entries (who read or changed the record)", "Set by the school; default 2 years from the entry"},
            new String[] {"Sign-in and IP records", "365 days"},
            new String[] {"All school data after the school's subscription ends", "31 days, then permanently deleted"});

    static {
        // The renderer logs every parse and layout step through java.util.logging: nothing a school needs.
        com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
    }

    private AccessBundleBuilder() {
    }

    /**
     * What the bundle is built from: a pupil's record ({@code staff} null) or a staff member's account
     * ({@code pupil} null); the purposes their data is used for.
     */
    record Input(UUID requestId, boolean portability, PupilRecord pupil, StaffAccount staff, History history,
                 List<Purpose> purposes, String schoolName, Instant builtAt) {

        UUID subjectId() {
            return pupil != null ? pupil.id() : staff.id();
        }

        Map<String, Object> fields() {
            return pupil != null ? AccessBundleBuilder.fields(pupil) : staffFields(staff);
        }
        @Override
        public String toString() {
            return "Input[redacted]";
        }
    }

    record File(String name, byte[] content) {
        @Override
        public String toString() {
            return "File[" + content.length + " bytes]";
        }
    }

    static List<File> build(Input in) {
        List<File> files = new ArrayList<>();
        files.add(new File(PDF, pdf(in)));
        files.add(new File(in.pupil() != null ? JSON_RECORD : JSON_STAFF, utf8(JSON.writeValueAsString(recordJson(in)))));
        files.add(new File(in.pupil() != null ? CSV_RECORD : CSV_STAFF, utf8(csv(in.fields()))));
        files.add(new File(HISTORY, utf8(AccessHistoryJson.write(in.history(), in.subjectId()))));
        if (in.history().checkpointNote() != null) {
            files.add(new File(CHECKPOINT, utf8(in.history().checkpointNote())));
        }
        files.add(new File(KEYS, utf8(in.history().verifierKeys())));
        files.add(new File(README, utf8(readme())));
        if (in.portability() && in.pupil() != null) {
            files.add(new File(CTF, ctf(in.pupil(), in.builtAt())));
        }
        return files;
    }

    /** Every component of the record by name; the categories expanded to every category, null when none is stored. */
    static Map<String, Object> fields(PupilRecord pupil) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent component : PupilRecord.class.getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(pupil);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read a pupil record component", e);
            }
            if (component.getName().equals("categories")) {
                Map<String, Object> categories = new LinkedHashMap<>();
                for (OptionalCategory category : OptionalCategory.values()) {
                    categories.put(category.name(), pupil.categories().get(category));
                }
                value = categories;
            } else if (component.getName().equals("classes")) {
                value = pupil.classes().stream().map(c -> {
                    Map<String, Object> cls = new LinkedHashMap<>();
                    cls.put("code", c.code());
                    cls.put("kind", c.kind());
                    cls.put("teachers", c.teachers().stream().map(PupilRecord.Staff::name).toList());
                    cls.put("supervisors", c.supervisors().stream().map(PupilRecord.Staff::name).toList());
                    return cls;
                }).toList();
            } else if (value != null && !(value instanceof Number)) {
                value = value.toString();
            }
            out.put(component.getName(), value);
        }
        return out;
    }

    /** Every component of the staff account by name (its sign-in secrets are not part of it). */
    static Map<String, Object> staffFields(StaffAccount staff) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent component : StaffAccount.class.getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(staff);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read a staff account component", e);
            }
            out.put(component.getName(), value == null || value instanceof Boolean ? value : value.toString());
        }
        return out;
    }

    private static Map<String, Object> recordJson(Input in) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("subjectKind", in.pupil() != null ? "PUPIL" : "STAFF");
        doc.put("record", in.fields());
        doc.put("sources", sources(in.history()).stream().map(e -> {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("at", e.occurredAt().toString());
            source.put("action", e.action());
            source.put("byRole", e.actorRole());
            source.put("purpose", e.purpose());
            source.put("fields", e.fields());
            return source;
        }).toList());
        doc.put("purposes", in.purposes().stream().map(p -> Map.of("code", p.code(), "description", p.description(),
                "lawfulBasis", p.lawfulBasis())).toList());
        return doc;
    }

    /** One row per field (header {@code field,value}); classes as one row each; every cell formula-safe. */
    static String csv(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder(CsvCells.row(List.of("field", "value")));
        fields.forEach((name, value) -> {
            if (value instanceof Map<?, ?> categories) {
                categories.forEach((k, v) -> out.append(CsvCells.row(List.of(name + "." + k, v == null ? "" : v.toString()))));
            } else if (value instanceof List<?> list) {
                for (Object element : list) {
                    if (element instanceof Map<?, ?> cls) {
                        out.append(CsvCells.row(List.of(name + "." + cls.get("kind"), String.valueOf(cls.get("code")))));
                    } else {
                        out.append(CsvCells.row(List.of(name, String.valueOf(element))));
                    }
                }
            } else {
                out.append(CsvCells.row(List.of(name, value == null ? "" : value.toString())));
            }
        });
        return out.toString();
    }

    /** Creates and updates of the record: where its data came from (an import, a correction), and when. */
    static List<LoggedEntry> sources(History history) {
        List<LoggedEntry> all = new ArrayList<>();
        history.sequenced().forEach(e -> all.add(e.entry()));
        history.pending().forEach(e -> all.add(e.entry()));
        return all.stream().filter(e -> Set.of("CREATE", "UPDATE").contains(e.action())).toList();
    }

    private static String readme() {
        return """
                This bundle holds the personal data the school keeps about you, and who has used it.

                summary.pdf          a readable summary: your data, why it is used, where it came from,
                                     how long it is kept, and the access history.
                pupil.json, .csv     every stored field of your record (a spreadsheet opens the CSV).
                access-history.json  every recorded access to your record, each with a proof that it is
                                     part of the school's tamper-evident access log.
                checkpoint.txt       the signed state of that log the proofs point to.
                verifier-keys.txt    the public key(s) that signed it.
                pupil-ctf.xml        (portability only) your record as a Common Transfer File.

                To check the access history yourself (Java 17 or later, custodian.jar from the school):
                  java -jar custodian.jar verify-access-log --bundle access-history.json --public-key verifier-keys.txt
                Entries listed under "pending" were recorded after the latest checkpoint and carry no proof yet.
                """;
    }

    // ---- PDF

    static byte[] pdf(Input in) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"/><title>Your data</title><style>")
                .append("body{font-family:Helvetica,sans-serif;font-size:10pt}h1{font-size:16pt}h2{font-size:13pt;margin-top:14pt}")
                .append("table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:2pt 4pt;text-align:left;vertical-align:top}")
                .append("</style></head><body>");
        h.append("<h1>The personal data ").append(esc(in.schoolName())).append(" holds about you</h1>");
        if (in.staff() != null) {
            h.append("<p>You are a member of staff: this is your user account. Its password, second-factor secret and")
                    .append(" recovery codes are stored only as hashes or encrypted and are not shown.</p>");
        }
        h.append("<p>Prepared ").append(esc(WHEN.format(in.builtAt()))).append(" in answer to request ")
                .append(in.requestId()).append(".</p>");
        h.append("<h2>Your data</h2><table><tr><th>Field</th><th>Value</th></tr>");
        in.fields().forEach((name, value) -> {
            if (value instanceof Map<?, ?> categories) {
                categories.forEach((k, v) -> row(h, OptionalCategory.valueOf(k.toString()).label(), v == null ? "Not recorded" : v.toString()));
            } else if (in.pupil() != null && name.equals("classes")) {
                in.pupil().classes().forEach(c -> row(h, "Class (" + c.kind().toLowerCase(java.util.Locale.ROOT) + ")", c.code()));
            } else {
                row(h, name, value == null ? "Not recorded" : value.toString());
            }
        });
        h.append("</table>");
        h.append("<h2>Why it is used, and the lawful basis</h2><table><tr><th>Purpose</th><th>Lawful basis</th></tr>");
        in.purposes().forEach(p -> row(h, p.description(), p.lawfulBasis()));
        h.append("</table>");
        h.append("<h2>Who receives it</h2><p>School staff whose role allows the purpose above. Exports and API")
                .append(" reads by other systems are listed in the access history below as EXPORT or by their role.")
                .append(" Custodian's operator processes the data on the school's behalf.</p>");
        h.append("<h2>Where it came from</h2><table><tr><th>When</th><th>What</th><th>By (role)</th><th>Fields</th></tr>");
        List<LoggedEntry> sources = sources(in.history());
        if (sources.isEmpty()) {
            h.append("<tr><td colspan=\"4\">No record of its creation remains in the access log.</td></tr>");
        }
        sources.forEach(e -> h.append("<tr><td>").append(esc(WHEN.format(e.occurredAt()))).append("</td><td>")
                .append(esc(e.action().equals("CREATE") ? "Added" : "Changed")).append(esc(" (" + e.purpose() + ")"))
                .append("</td><td>").append(esc(e.actorRole())).append("</td><td>").append(esc(String.join(", ", e.fields())))
                .append("</td></tr>"));
        h.append("</table>");
        h.append("<h2>How long it is kept</h2><table><tr><th>What</th><th>Kept for</th></tr>");
        RETENTION.forEach(r -> row(h, r[0], r[1]));
        h.append("</table>");
        h.append("<h2>Who has used your data</h2><table><tr><th>When</th><th>Role</th><th>What</th><th>Why</th></tr>");
        in.history().sequenced().forEach(e -> access(h, e.entry(), e.reason(), false));
        in.history().pending().forEach(e -> access(h, e.entry(), e.reason(), true));
        h.append("</table><p>Each entry carries a proof in access-history.json; see readme.txt to check them.</p>");
        h.append("</body></html>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(h.toString(), null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void access(StringBuilder h, LoggedEntry e, String reason, boolean pending) {
        h.append("<tr><td>").append(esc(WHEN.format(e.occurredAt()))).append(pending ? " (pending)" : "")
                .append("</td><td>").append(esc(e.actorRole())).append("</td><td>").append(esc(e.action()))
                .append("</td><td>").append(esc(e.purpose()));
        if (reason != null) {
            h.append(": ").append(esc(reason));
        }
        h.append("</td></tr>");
    }

    private static void row(StringBuilder h, String a, String b) {
        h.append("<tr><td>").append(esc(a)).append("</td><td>").append(esc(b)).append("</td></tr>");
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }

    // ---- CTF

    /** The pupil as a one-pupil CTF (DOMAIN §4), in the elements the importer's reader takes. */
    static byte[] ctf(PupilRecord p, Instant at) {
        LocalDate today = LocalDate.ofInstant(at, UK);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("CTfile");
            xml.writeStartElement("Header");
            leaf(xml, "DocumentName", "Common Transfer File");
            leaf(xml, "CTFversion", "25.0");
            leaf(xml, "DateTime", today.atStartOfDay().toString() + ":00");
            leaf(xml, "DocumentQualifier", "partial");
            leaf(xml, "SupplierID", "Custodian subject-access bundle");
            xml.writeEndElement();
            xml.writeStartElement("CTFpupilData");
            xml.writeStartElement("Pupil");
            leaf(xml, "UPN", p.upn());
            leaf(xml, "Surname", p.surname());
            leaf(xml, "Forename", p.forename());
            leaf(xml, "DOB", p.dateOfBirth() == null ? null : p.dateOfBirth().toString());
            leaf(xml, "Sex", p.sex() == null ? null : p.sex().name());
            xml.writeStartElement("BasicDetails");
            leaf(xml, "PreferredForename", p.categories().get(OptionalCategory.PREFERRED_NAME));
            leaf(xml, "NCyearActual", p.ncYear());
            leaf(xml, "Ethnicity", p.categories().get(OptionalCategory.ETHNICITY));
            String language = p.categories().get(OptionalCategory.FIRST_LANGUAGE);
            if (language != null) {
                xml.writeStartElement("Languages");
                xml.writeStartElement("Type");
                leaf(xml, "LanguageType", "F");
                leaf(xml, "Language", language);
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            String fsm = p.categories().get(OptionalCategory.FSM_ELIGIBLE);
            String fsm6 = p.categories().get(OptionalCategory.FSM6);
            if (fsm != null || fsm6 != null) {
                // The importer derives both from the instances: eligible now, or within the last six years.
                xml.writeStartElement("FSMhistory");
                if ("true".equals(fsm)) {
                    fsmInstance(xml, today.minusDays(1), null);
                } else if ("true".equals(fsm6)) {
                    fsmInstance(xml, today.minusYears(1), today.minusDays(1));
                }
                xml.writeEndElement();
            }
            String lookedAfter = p.categories().get(OptionalCategory.LOOKED_AFTER);
            if (lookedAfter != null) {
                xml.writeStartElement("LookedAfter");
                leaf(xml, "InCare", lookedAfter);
                xml.writeEndElement();
            }
            String sen = p.categories().get(OptionalCategory.SEN_STATUS);
            if (sen != null) {
                xml.writeStartElement("SENhistory");
                xml.writeStartElement("SEN");
                leaf(xml, "StartDate", today.toString());
                leaf(xml, "SENprovision", sen);
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the CTF", e);
        }
        return bytes.toByteArray();
    }

    private static void fsmInstance(XMLStreamWriter xml, LocalDate start, LocalDate end) throws XMLStreamException {
        xml.writeStartElement("FSMinstance");
        leaf(xml, "FSMstartDate", start.toString());
        leaf(xml, "FSMendDate", end == null ? null : end.toString());
        xml.writeEndElement();
    }

    private static void leaf(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        xml.writeStartElement(name);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
