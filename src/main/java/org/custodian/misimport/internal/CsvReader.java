package org.custodian.misimport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.custodian.misimport.internal.CsvColumns.Column;
import org.custodian.misimport.internal.SourcePupil.ClassStaffName;
import org.custodian.misimport.internal.SourcePupil.ClassStaffName.Duty;
import org.custodian.pupils.PupilData;

/**
 * Reads a MIS CSV export (RFC 4180, comma-separated, a header row naming the columns; see
 * {@code docs/csv-columns.md}) one row at a time. Header names are mapped through {@link CsvColumns};
 * unknown columns are ignored and listed by {@link #ignoredColumns()}. Values are passed on raw
 * (surrounding spaces removed, blank as null) apart from dates, sex, NC year, classes and staff
 * names, whose rules are in the doc. The reader owns the stream and closes it.
 */
public final class CsvReader implements PupilSource {

    /** How many bytes are buffered and probed to decide between UTF-8 and Windows-1252. */
    static final int PROBE_BYTES = 1 << 20;

    /** Most cells in one row: far more than any export, few enough to bound one record in memory. */
    static final int MAX_CELLS = 1_000;

    private static final FileHeader HEADER = new FileHeader("CSV", null, null, null, null, null);
    // RFC 4180 keeps blank lines as records, so the parser's line count stays the physical one.
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(\\d{2})/(\\d{2})/(\\d{4})");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern YEAR_PREFIX = Pattern.compile("(?i)year\\s*(\\S+)");

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Charset charset;
    private final char separator;
    private final Map<Column, Integer> columns = new EnumMap<>(Column.class);
    private final List<String> ignored = new ArrayList<>();
    private int headerSize;
    private int index;

    private CsvReader(CSVParser parser, Charset charset, char separator) {
        this.parser = parser;
        this.records = parser.iterator();
        this.charset = charset;
        this.separator = separator;
    }

    /** Characters of the header row looked at to tell the separator. */
    private static final int HEADER_PEEK = 64 * 1024;

    /**
     * Comma, or tab when the header row has more tabs than commas outside quotes (Excel's "Unicode
     * Text" and "Text (Tab delimited)" saves). The reader is left where it was.
     */
    static char separatorOf(java.io.BufferedReader text) throws IOException {
        text.mark(HEADER_PEEK);
        int commas = 0;
        int tabs = 0;
        boolean quoted = false;
        try {
            commasAndTabs:
            for (int i = 0, c; i < HEADER_PEEK && (c = text.read()) != -1; i++) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && (c == '\n' || c == '\r')) {
                    break commasAndTabs;
                } else if (!quoted && c == ',') {
                    commas++;
                } else if (!quoted && c == '\t') {
                    tabs++;
                }
            }
        } catch (java.nio.charset.CharacterCodingException badBytes) {
            // Bad bytes in the header row: the guard reports them with their line when it reads them.
        }
        text.reset();
        return tabs > commas ? '\t' : ',';
    }

    /** Opens the file and reads its header row; refuses it ({@link ImportRefusedException}) if the header is unusable. */
    public static CsvReader open(InputStream in, ImportLimits limits) {
        return open(in, limits, PROBE_BYTES);
    }

    static CsvReader open(InputStream in, ImportLimits limits, int probeBytes) {
        CsvReader reader = null;
        try {
            CsvDecoding.Decoded decoded = CsvDecoding.open(in, probeBytes);
            java.io.BufferedReader text = new java.io.BufferedReader(decoded.reader(), HEADER_PEEK);
            char separator = separatorOf(text);
            CsvGuard guarded = new CsvGuard(text, limits.maxTextLength(), MAX_CELLS, separator);
            reader = new CsvReader(CSVParser.builder().setReader(guarded)
                    .setFormat(FORMAT.builder().setDelimiter(separator).get()).get(), decoded.charset(), separator);
            reader.readHeader();
            return reader;
        } catch (IOException e) {
            close(in);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (reader != null) {
                reader.close();
            } else {
                close(in);
            }
            throw e;
        }
    }

    /** UTF-8, windows-1252 or UTF-16, as decided from the start of the file. */
    public Charset charset() {
        return charset;
    }

    /** How the file was read, for the preview: "UTF-8, comma-separated". */
    public String readAs() {
        return charset.name() + (separator == '\t' ? ", tab-separated" : ", comma-separated");
    }

    /** Header names of the columns no field maps to, in file order (names only; their cells are not read). */
    public List<String> ignoredColumns() {
        return List.copyOf(ignored);
    }

    @Override
    public FileHeader header() {
        return HEADER;
    }

    @Override
    public SourcePupil next() {
        Row row = nextRow();
        if (row == null) {
            return null;
        }
        String location = "line " + row.line();
        List<ImportProblem> problems = new ArrayList<>();
        if (hasExtraCells(row.record())) {
            problems.add(new ImportProblem(location, null, "extra-cells",
                    "The row has more cells than the header row; the extra cells were not read."));
        }
        String registrationGroup = value(row, Column.REGISTRATION_GROUP);
        List<String> classes = split(value(row, Column.CLASS));
        Map<String, String> categories = new HashMap<>();
        for (Column column : columns.keySet()) {
            String value = value(row, column);
            if (column.category() != null && value != null) {
                categories.put(column.category().name(), value);
            }
        }
        PupilData data = new PupilData(value(row, Column.UPN), value(row, Column.FORENAME), value(row, Column.SURNAME),
                date(row, Column.DATE_OF_BIRTH, problems), value(row, Column.ADMISSION_NUMBER),
                sex(value(row, Column.SEX)), ncYear(value(row, Column.NC_YEAR)), registrationGroup, classes,
                categories);
        List<String> groups = !classes.isEmpty() ? classes
                : registrationGroup != null ? List.of(registrationGroup) : List.of();
        List<ClassStaffName> staff = new ArrayList<>();
        staff(row, Column.TEACHER, Duty.TEACHER, groups, staff, problems);
        staff(row, Column.SUPERVISOR, Duty.SUPERVISOR, groups, staff, problems);
        return new SourcePupil(index++, location, data, value(row, Column.FORMER_UPN),
                date(row, Column.LEAVING_DATE, problems), staff, problems);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readHeader() {
        Row header = nextRow();
        if (header == null) {
            throw new ImportRefusedException("empty-file", null, "The file has no header row.");
        }
        String location = "line " + header.line();
        headerSize = header.record().size();
        for (int i = 0; i < headerSize; i++) {
            String name = header.record().get(i).strip();
            Column column = CsvColumns.forHeader(name);
            if (column == null) {
                if (!name.isEmpty()) {
                    ignored.add(name);
                }
            } else if (columns.putIfAbsent(column, i) != null) {
                throw new ImportRefusedException("duplicate-column", location, "Columns " + (columns.get(column) + 1)
                        + " and " + (i + 1) + " both give the " + column.field() + " field.");
            }
        }
        for (Column column : Column.values()) {
            if (column.required() && !columns.containsKey(column)) {
                throw new ImportRefusedException("missing-column", location, "There is no " + column.field()
                        + " column (headed one of: " + String.join(", ", column.aliases()) + ").");
            }
        }
    }

    private record Row(long line, CSVRecord record) {
    }

    /**
     * NUL and the other control characters (but tab and line breaks) are never text a school meant:
     * the file is refused at the row and column of the first, in any column, read or not.
     */
    private static void refuseControlCharacters(long line, CSVRecord record) {
        for (int column = 0; column < record.size(); column++) {
            String cell = record.get(column);
            for (int i = 0; i < cell.length(); i++) {
                char c = cell.charAt(i);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                    throw new ImportRefusedException("control-character", "line " + line + ", column " + (column + 1),
                            "The cell holds a control character (such as NUL), which is not text. Remove it and upload again.");
                }
            }
        }
    }

    /** The next row that is not entirely blank, with the physical line it starts on. */
    private Row nextRow() {
        while (true) {
            // The parser has consumed whole records (with their line breaks): the next starts on the following line.
            long line = parser.getCurrentLineNumber() + 1;
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                record = records.next();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof CSVException)) {
                    throw e; // the stream failed, not the file
                }
                throw new ImportRefusedException("malformed-csv", "line " + line,
                        "The row is not valid CSV (RFC 4180): check its quotes.");
            }
            if (!record.stream().allMatch(String::isBlank)) {
                refuseControlCharacters(line, record);
                return new Row(line, record);
            }
        }
    }

    /** Cells beyond the header's that hold something (trailing empty cells, as some exports add, are not a problem). */
    private boolean hasExtraCells(CSVRecord record) {
        for (int i = headerSize; i < record.size(); i++) {
            if (!record.get(i).isBlank()) {
                return true;
            }
        }
        return false;
    }

    private String value(Row row, Column column) {
        Integer i = columns.get(column);
        if (i == null || i >= row.record().size()) {
            return null;
        }
        String value = row.record().get(i).strip();
        return value.isEmpty() ? null : value;
    }

    /**
     * {@code dd/MM/yyyy} or {@code yyyy-MM-dd} rewritten as ISO text, without checking the calendar
     * (31/02/2015 becomes 2015-02-31 and the importer's validation refuses it). Anything else is not
     * guessed: null and an {@code ambiguous-date} problem.
     */
    private String date(Row row, Column column, List<ImportProblem> problems) {
        String value = value(row, column);
        if (value == null || ISO_DATE.matcher(value).matches()) {
            return value;
        }
        Matcher dmy = DAY_MONTH_YEAR.matcher(value);
        if (dmy.matches()) {
            return dmy.group(3) + "-" + dmy.group(2) + "-" + dmy.group(1);
        }
        problems.add(new ImportProblem("line " + row.line(), column.field(), "ambiguous-date",
                "Dates must be written dd/mm/yyyy or yyyy-mm-dd; this one was not read rather than guessed."));
        return null;
    }

    /** M/F/Male/Female (any case) as M or F; anything else raw, for the importer to refuse. */
    private static String sex(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "m", "male" -> "M";
            case "f", "female" -> "F";
            default -> value;
        };
    }

    /** {@code Year 7} as {@code 7}; other values raw. */
    private static String ncYear(String value) {
        if (value == null) {
            return null;
        }
        Matcher prefixed = YEAR_PREFIX.matcher(value);
        return prefixed.matches() ? prefixed.group(1) : value;
    }

    /** A cell holding several values separated by {@code ;}, blanks dropped. */
    private static List<String> split(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private void staff(Row row, Column column, Duty duty, List<String> groups, List<ClassStaffName> staff,
                       List<ImportProblem> problems) {
        List<String> names = split(value(row, column));
        if (names.isEmpty()) {
            return;
        }
        if (groups.isEmpty()) {
            problems.add(new ImportProblem("line " + row.line(), column.field(), "staff-without-class",
                    "A " + column.field() + " is named but the row has no class or registration group; not read."));
            return;
        }
        for (String group : groups) {
            for (String name : names) {
                staff.add(new ClassStaffName(group, duty, name));
            }
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing; the refusal matters more
        }
    }
}
