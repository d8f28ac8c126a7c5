package org.custodian.misimport.internal;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxEOFException;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLInputFactory2;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilData;

/**
 * Reads a Common Transfer File (DOMAIN §4) one pupil at a time: memory does not grow with the
 * number of pupils. Hostile input is refused, never expanded: no DTD (a DOCTYPE is refused, so no
 * entity of any kind is declared or fetched), bounded depth, text and attributes, strict UTF-8.
 *
 * <p>Refusal codes ({@link ImportRefusedException}, with a "line L, column C" location and a fixed
 * message that never quotes the file): {@code empty-file}, {@code not-utf8}, {@code truncated},
 * {@code not-well-formed}, {@code dtd-refused}, {@code too-deep}, {@code value-too-long},
 * {@code too-many-attributes}, {@code too-many-names}, {@code wrong-root}, {@code missing-header}, {@code unknown-qualifier}.
 *
 * <p>Values are passed on as the file gives them (stripped of surrounding white space; an empty
 * element counts as absent); the importer validates them. Unknown elements and {@code SuppInfo}
 * are skipped wherever they appear. Only the dates used to work out free school meals and SEN
 * status are read here; one that is not {@code yyyy-MM-dd} is a pupil problem {@code invalid-date}.
 */
public final class CtfReader implements PupilSource {

    private static final String ROOT = "CTfile";
    /**
     * Distinct element, attribute, prefix, namespace and PI names allowed in one file. Woodstox keeps
     * every name it meets in a symbol table for the whole document, so a file of millions of made-up
     * names would fill the heap; a real CTF uses a few hundred.
     */
    static final int MAX_DISTINCT_NAMES = 10_000;

    private final InputStream in;
    private final ImportLimits limits;
    private final LocalDate today;
    private XMLStreamReader xml;
    private int depth;
    private FileHeader header;
    private boolean inPupilData;
    private boolean finished;
    private int index;
    private ImportRefusedException refusal;
    private final Set<String> names = new HashSet<>();

    private CtfReader(InputStream in, ImportLimits limits, LocalDate today) {
        this.in = Objects.requireNonNull(in, "in");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.today = Objects.requireNonNull(today, "today");
    }

    /**
     * A reader of {@code in}, which it closes when closed. Nothing is read until {@link #header}
     * or {@link #next}. {@code today} decides current and recent free school meals eligibility.
     */
    public static PupilSource open(InputStream in, ImportLimits limits, LocalDate today) {
        return new CtfReader(in, limits, today);
    }

    @Override
    public FileHeader header() {
        if (header == null) {
            guarded(() -> {
                start();
                header = readHeader();
            });
        }
        return header;
    }

    @Override
    public SourcePupil next() {
        header();
        SourcePupil[] pupil = new SourcePupil[1];
        guarded(() -> pupil[0] = readNext());
        return pupil[0];
    }

    /** Runs a read; after a refusal the file stays refused (the parser is in no state to go on). */
    private void guarded(Runnable read) {
        if (refusal != null) {
            throw refusal;
        }
        try {
            read.run();
        } catch (ImportRefusedException e) {
            refusal = e;
            throw e;
        }
    }

    private SourcePupil readNext() {
        while (!finished) {
            if (inPupilData) {
                if (nextChild()) {
                    if (is("Pupil")) {
                        return readPupil();
                    }
                    skip();
                } else {
                    inPupilData = false;
                }
            } else if (nextChild()) {
                if (is("CTFpupilData")) {
                    inPupilData = true;
                } else {
                    skip();
                }
            } else {
                readToEnd();
                finished = true;
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            if (xml != null) {
                xml.close();
            }
            in.close();
        } catch (XMLStreamException | IOException e) {
            throw new UncheckedIOException(new IOException("could not close the CTF"));
        }
    }

    // ---- document and header ----

    private void start() {
        PushbackInputStream bytes = new PushbackInputStream(in, 1);
        try {
            int first = bytes.read();
            if (first < 0) {
                throw refused("empty-file", "line 1, column 1", "The file is empty.");
            }
            bytes.unread(first);
            xml = factory().createXMLStreamReader(new CtfUtf8Reader(bytes, maxRun()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XMLStreamException | WstxLazyException e) {
            throw translate(e);
        }
        String declared = xml.getCharacterEncodingScheme();
        if (declared != null && !declared.equalsIgnoreCase("UTF-8") && !declared.equalsIgnoreCase("UTF8")) {
            throw refused("not-utf8", here(), "A Common Transfer File must be encoded in UTF-8.");
        }
        if (!nextChild()) {
            throw refused("truncated", here(), "The file ends before its root element.");
        }
        if (!ROOT.equals(xml.getLocalName()) || !noNamespace()) {
            throw refused("wrong-root", here(), "The root element must be CTfile: this is not a Common Transfer File.");
        }
    }

    /** Hostile-safe settings on an instance of our own (never the JDK-wide default factory). */
    private XMLInputFactory factory() {
        WstxInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        // Names stay in this reader's own symbol table, not in the JVM-wide String pool.
        factory.setProperty(XMLInputFactory2.P_INTERN_NAMES, false);
        factory.setProperty(XMLInputFactory2.P_INTERN_NS_URIS, false);
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external resources are never read");
        });
        // Lazy: comments and processing instructions we skip are never buffered (Woodstox does not
        // limit a PI's length). Faults found late come from getText*() as WstxLazyException.
        factory.setProperty(WstxInputProperties.P_LAZY_PARSING, true);
        // Woodstox's own limits are a backstop one past ours, so our checks normally report first.
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth() + 1);
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxTextLength() + 1);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, limits.maxTextLength());
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, limits.maxAttributes());
        factory.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1);
        factory.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        factory.setProperty(WstxInputProperties.P_MAX_DTD_DEPTH, 1);
        return factory;
    }

    /**
     * The longest unbroken run of characters allowed: room for a value of the longest length written
     * entirely as character references ({@code &#x10FFFF;}), far more than any name needs.
     */
    private long maxRun() {
        return 12L * limits.maxTextLength() + 1024;
    }

    private FileHeader readHeader() {
        while (nextChild()) {
            if (is("CTFpupilData")) {
                break;
            }
            if (!is("Header")) {
                skip();
                continue;
            }
            String headerAt = here();
            String qualifier = null;
            String[] dest = new String[3];
            String academicYear = null;
            String academicYearAt = null;
            String dateTime = null;
            String dateTimeAt = null;
            while (nextChild()) {
                if (is("DocumentQualifier")) {
                    qualifier = text();
                } else if (is("DateTime")) {
                    dateTimeAt = here();
                    dateTime = text();
                } else if (is("SourceSchool")) {
                    while (nextChild()) {
                        if (is("AcademicYear")) {
                            academicYearAt = here();
                            academicYear = text();
                        } else {
                            skip();
                        }
                    }
                } else if (is("DestSchool")) {
                    while (nextChild()) {
                        switch (name()) {
                            case "LEA" -> dest[0] = text();
                            case "Estab" -> dest[1] = text();
                            case "URN" -> dest[2] = text();
                            default -> skip();
                        }
                    }
                } else {
                    skip();
                }
            }
            if (!"full".equals(qualifier) && !"partial".equals(qualifier)) {
                throw refused("unknown-qualifier", headerAt, "Header/DocumentQualifier must be full or partial.");
            }
            return new FileHeader("CTF", "full".equals(qualifier), dest[0], dest[1], dest[2],
                    academicYear(academicYear, academicYearAt, dateTime, dateTimeAt));
        }
        throw refused("missing-header", here(), "The file has no Header before its pupils.");
    }

    /**
     * The year the file's academic year began: {@code SourceSchool/AcademicYear} (four digits), else
     * the academic year of the header's {@code DateTime}; null when the header gives neither.
     */
    private static Integer academicYear(String academicYear, String academicYearAt, String dateTime, String dateTimeAt) {
        if (academicYear != null && !academicYear.isBlank()) {
            if (!academicYear.strip().matches("(19|20)[0-9]{2}")) {
                throw refused("invalid-academic-year", academicYearAt,
                        "Header/SourceSchool/AcademicYear must be the year the academic year began, such as 2024.");
            }
            return Integer.parseInt(academicYear.strip());
        }
        if (dateTime != null && !dateTime.isBlank()) {
            try {
                LocalDate date = LocalDate.parse(dateTime.strip().substring(0, Math.min(10, dateTime.strip().length())));
                return date.getMonthValue() >= 9 ? date.getYear() : date.getYear() - 1;
            } catch (DateTimeParseException e) {
                throw refused("invalid-academic-year", dateTimeAt,
                        "Header/DateTime must be a date and time such as 2024-10-01T08:00:00.");
            }
        }
        return null;
    }

    /** After {@code </CTfile>}: only comments and white space may follow. */
    private void readToEnd() {
        while (advance() != XMLStreamConstants.END_DOCUMENT) {
            // the parser itself refuses anything else after the root
        }
    }

    // ---- pupils ----

    private SourcePupil readPupil() {
        Pupil p = new Pupil(index + 1, line());
        while (nextChild()) {
            switch (name()) {
                case "UPN" -> p.upn = text();
                case "Surname" -> p.surname = text();
                case "Forename" -> p.forename = text();
                case "DOB" -> p.dob = text();
                case "Sex" -> p.sex = text();
                case "Gender" -> p.gender = text();
                case "BasicDetails" -> readBasicDetails(p);
                case "FSMhistory" -> readFsmHistory(p);
                case "LookedAfter" -> readLookedAfter(p);
                case "SENhistory" -> readSenHistory(p);
                default -> skip();
            }
        }
        return p.toSourcePupil(index++);
    }

    private void readBasicDetails(Pupil p) {
        while (nextChild()) {
            switch (name()) {
                case "FormerUPN" -> p.formerUpn = text();
                case "PreferredForename" -> p.put(OptionalCategory.PREFERRED_NAME, text());
                case "NCyearActual" -> p.ncYear = text();
                case "Ethnicity" -> p.put(OptionalCategory.ETHNICITY, text());
                case "Languages" -> readLanguages(p);
                default -> skip();
            }
        }
    }

    /** The language of type F (first language), else the first language given. */
    private void readLanguages(Pupil p) {
        String first = null;
        String firstOfTypeF = null;
        while (nextChild()) {
            if (!is("Type")) {
                skip();
                continue;
            }
            String type = null;
            String language = null;
            while (nextChild()) {
                switch (name()) {
                    case "LanguageType" -> type = text();
                    case "Language" -> language = text();
                    default -> skip();
                }
            }
            first = first == null ? language : first;
            if (firstOfTypeF == null && "F".equals(type)) {
                firstOfTypeF = language;
            }
        }
        p.put(OptionalCategory.FIRST_LANGUAGE, firstOfTypeF != null ? firstOfTypeF : first);
    }

    /**
     * Eligible now when an instance covers today; FSM6 when one overlaps the six years up to today.
     * Worked out instance by instance, so a pupil with endless instances still takes no memory.
     */
    private void readFsmHistory(Pupil p) {
        boolean current = false;
        boolean lastSixYears = false;
        boolean datesValid = true;
        LocalDate sixYearsAgo = today.minusYears(6);
        while (nextChild()) {
            if (!is("FSMinstance")) {
                skip();
                continue;
            }
            String startText = null;
            String endText = null;
            int startAt = line();
            int endAt = 0;
            while (nextChild()) {
                switch (name()) {
                    case "FSMstartDate" -> {
                        startAt = line();
                        startText = text();
                    }
                    case "FSMendDate" -> {
                        endAt = line();
                        endText = text();
                    }
                    default -> skip();
                }
            }
            LocalDate start = p.date(startText, startAt, "FSMhistory/FSMinstance/FSMstartDate", true);
            LocalDate end = p.date(endText, endAt, "FSMhistory/FSMinstance/FSMendDate", false);
            if (start == null || (endText != null && end == null)) {
                datesValid = false;
                continue;
            }
            current |= !start.isAfter(today) && (end == null || !end.isBefore(today));
            lastSixYears |= !start.isAfter(today) && (end == null || !end.isBefore(sixYearsAgo));
        }
        // With an unreadable date the answer could be wrong either way: leave it out (the problem says why).
        if (datesValid || current) {
            p.put(OptionalCategory.FSM_ELIGIBLE, String.valueOf(current));
        }
        if (datesValid || lastSixYears) {
            p.put(OptionalCategory.FSM6, String.valueOf(lastSixYears));
        }
    }

    private void readLookedAfter(Pupil p) {
        while (nextChild()) {
            if (is("InCare")) {
                p.put(OptionalCategory.LOOKED_AFTER, text());
            } else {
                skip();
            }
        }
    }

    /** The provision of the SEN record that started last (the later one in the file on a tie). */
    private void readSenHistory(Pupil p) {
        LocalDate latest = null;
        String provision = null;
        boolean datesValid = true;
        while (nextChild()) {
            if (!is("SEN")) {
                skip();
                continue;
            }
            String startText = null;
            int startAt = line();
            String senProvision = null;
            while (nextChild()) {
                switch (name()) {
                    case "StartDate" -> {
                        startAt = line();
                        startText = text();
                    }
                    case "SENprovision" -> senProvision = text();
                    default -> skip();
                }
            }
            LocalDate start = p.date(startText, startAt, "SENhistory/SEN/StartDate", true);
            if (start == null) {
                datesValid = false;
            } else if (latest == null || !start.isBefore(latest)) {
                latest = start;
                provision = senProvision;
            }
        }
        if (datesValid) {
            p.put(OptionalCategory.SEN_STATUS, provision);
        }
    }

    /** One pupil's fields while its element is read; never more than one at a time. */
    private static final class Pupil {
        final int number;
        final String location;
        final Map<OptionalCategory, String> categories = new EnumMap<>(OptionalCategory.class);
        final List<ImportProblem> problems = new ArrayList<>();
        String upn;
        String surname;
        String forename;
        String dob;
        String sex;
        String gender;
        String ncYear;
        String formerUpn;

        Pupil(int number, int line) {
            this.number = number;
            this.location = at(line);
        }

        /** "Pupil N (line L)": N counts from 1, L is where the pupil or the faulty element starts. */
        String at(int line) {
            return "Pupil " + number + " (line " + line + ")";
        }

        void put(OptionalCategory category, String value) {
            if (value != null) {
                categories.put(category, value);
            }
        }

        /** The date, or null with a problem (the first per field only: problems stay bounded). */
        LocalDate date(String text, int line, String field, boolean required) {
            if (text == null && !required) {
                return null;
            }
            try {
                return LocalDate.parse(Objects.requireNonNullElse(text, ""));
            } catch (DateTimeParseException e) {
                if (problems.stream().noneMatch(problem -> problem.field().equals(field))) {
                    problems.add(new ImportProblem(at(line), field, "invalid-date",
                            "A date yyyy-MM-dd is expected."));
                }
                return null;
            }
        }

        SourcePupil toSourcePupil(int index) {
            Map<String, String> named = new HashMap<>();
            categories.forEach((category, value) -> named.put(category.name(), value));
            PupilData data = new PupilData(upn, forename, surname, dob, null, sex != null ? sex : gender, ncYear,
                    null, List.of(), named);
            return new SourcePupil(index, location, data, formerUpn, null, List.of(), problems);
        }
    }

    // ---- cursor over the XML ----

    /**
     * Moves to the next child element of the element the cursor is in (true), or to that element's
     * end (false). Text between elements, comments and processing instructions are passed over.
     */
    private boolean nextChild() {
        while (true) {
            switch (advance()) {
                case XMLStreamConstants.START_ELEMENT:
                    return true;
                case XMLStreamConstants.END_ELEMENT:
                    return false;
                case XMLStreamConstants.END_DOCUMENT:
                    throw refused("truncated", here(), "The file ends before </CTfile>.");
                default:
                    break;
            }
        }
    }

    /** The text of the element the cursor is on, stripped; null when empty. Nested elements are skipped. */
    private String text() {
        StringBuilder text = new StringBuilder();
        int level = depth;
        while (true) {
            int event = advance();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                append(text);
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                skip();
            } else if (event == XMLStreamConstants.END_ELEMENT && depth < level) {
                String value = text.toString().strip();
                return value.isEmpty() ? null : value;
            }
        }
    }

    private void append(StringBuilder text) {
        try {
            if (text.length() + xml.getTextLength() > limits.maxTextLength()) {
                throw tooLong(here());
            }
            text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
        } catch (WstxLazyException e) {
            throw translate(e);
        }
    }

    /** Passes over the element the cursor is on and everything in it (still depth-limited). */
    private void skip() {
        int level = depth;
        while (depth >= level) {
            advance();
        }
    }

    /** The next event, with our own checks; every XML fault becomes a refusal that quotes nothing. */
    private int advance() {
        int event;
        try {
            event = xml.next();
        } catch (XMLStreamException | WstxLazyException e) {
            throw translate(e);
        }
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> {
                depth++;
                if (depth > limits.maxDepth()) {
                    throw tooDeep(here());
                }
                if (xml.getAttributeCount() > limits.maxAttributes()) {
                    throw tooManyAttributes(here());
                }
                countNames();
            }
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> countName(xml.getPITarget());
            case XMLStreamConstants.END_ELEMENT -> depth--;
            case XMLStreamConstants.DTD -> throw refused("dtd-refused", here(),
                    "The file has a DOCTYPE (DTD): Common Transfer Files must not, and it was not read.");
            case XMLStreamConstants.ENTITY_REFERENCE -> throw refused("not-well-formed", here(),
                    "The file refers to an undeclared entity.");
            default -> {
                // text, comments, processing instructions: the callers decide
            }
        }
        return event;
    }

    private void countNames() {
        countName(xml.getLocalName());
        countName(xml.getPrefix());
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            countName(xml.getAttributeLocalName(i));
            countName(xml.getAttributePrefix(i));
        }
        for (int i = 0; i < xml.getNamespaceCount(); i++) {
            countName(xml.getNamespacePrefix(i));
            countName(xml.getNamespaceURI(i));
        }
    }

    private void countName(String name) {
        if (name != null && names.add(name) && names.size() > MAX_DISTINCT_NAMES) {
            throw refused("too-many-names", here(), "The file uses more than " + MAX_DISTINCT_NAMES
                    + " different element or attribute names.");
        }
    }

    /**
     * The refusal for a parser fault. A lazy exception (from getText*()) repeats the parse error's
     * message but not its location: the current event's is used.
     */
    private ImportRefusedException translate(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CtfUtf8Reader.Fault fault) {
                return refused(fault.code(), fault.location(), switch (fault.code()) {
                    case "truncated" -> "The file ends in the middle of a character.";
                    case "value-too-long" -> "A name or value is far longer than " + limits.maxTextLength()
                            + " characters.";
                    default -> "The file is not valid UTF-8.";
                });
            }
            if (t instanceof IOException io && !(t instanceof XMLStreamException)) {
                throw new UncheckedIOException(new IOException("could not read the CTF", io));
            }
        }
        Location where = e instanceof XMLStreamException x ? x.getLocation() : null;
        String at = where != null ? location(where) : xml != null ? here() : "line 1, column 1";
        if (e instanceof WstxEOFException) {
            return refused("truncated", at, "The file ends before </CTfile>.");
        }
        // Woodstox's message may quote the file, so it is only matched to pick a code, never passed on.
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("element depth")) {
            return tooDeep(at);
        }
        if (message.contains("attribute limit")) {
            return tooManyAttributes(at);
        }
        if (message.contains("text size") || message.contains("attribute size")) {
            return tooLong(at);
        }
        return refused("not-well-formed", at, "The file is not well-formed XML.");
    }

    private ImportRefusedException tooDeep(String at) {
        return refused("too-deep", at, "Elements are nested more than " + limits.maxDepth() + " deep.");
    }

    private ImportRefusedException tooManyAttributes(String at) {
        return refused("too-many-attributes", at, "An element has more than " + limits.maxAttributes() + " attributes.");
    }

    private ImportRefusedException tooLong(String at) {
        return refused("value-too-long", at, "A value is longer than " + limits.maxTextLength() + " characters.");
    }

    private static ImportRefusedException refused(String code, String location, String message) {
        return new ImportRefusedException(code, location, message);
    }

    private boolean is(String name) {
        return name.equals(name());
    }

    /** The element's name, or an empty string for an element in a namespace (unknown to CTF). */
    private String name() {
        return noNamespace() ? xml.getLocalName() : "";
    }

    private boolean noNamespace() {
        String namespace = xml.getNamespaceURI();
        return namespace == null || namespace.isEmpty();
    }

    private int line() {
        return xml.getLocation().getLineNumber();
    }

    private String here() {
        return location(xml.getLocation());
    }

    private static String location(Location location) {
        return location == null ? null : "line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }
}
