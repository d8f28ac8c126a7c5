package org.custodian.misimport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command line for {@link SyntheticSchoolData} ({@code scripts/generate-mis-file.sh}):
 * {@code --format=ctf|csv --pupils=N --urn=123456 --la=999 --estab=4001 --seed=1 --date=yyyy-MM-dd
 * --qualifier=full|partial --out=path}. Without {@code --date} the reference date is today (system
 * clock, UTC), so pass it for reproducible files. Without {@code --out} the file goes to standard output.
 */
public final class GenerateMisFile {

    private static final Set<String> OPTIONS = Set.of("format", "pupils", "urn", "la", "estab", "seed", "date",
            "qualifier", "out", "school-name");

    private GenerateMisFile() {
    }

    public static void main(String[] args) throws IOException {
        try {
            run(args, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            System.err.println("generate-mis-file: " + e.getMessage());
            System.err.println("usage: --format=ctf|csv --pupils=N [--urn=123456 --la=999 --estab=4001 --seed=1"
                    + " --date=yyyy-MM-dd --qualifier=full|partial --school-name=... --out=path]");
            System.exit(2);
        }
    }

    static void run(String[] args, Clock clock) throws IOException {
        Map<String, String> options = parse(args);
        String format = options.getOrDefault("format", "ctf");
        if (!format.equals("ctf") && !format.equals("csv")) {
            throw new IllegalArgumentException("--format is ctf or csv");
        }
        String qualifier = options.getOrDefault("qualifier", "full");
        if (!qualifier.equals("full") && !qualifier.equals("partial")) {
            throw new IllegalArgumentException("--qualifier is full or partial");
        }
        String urn = options.getOrDefault("urn", "999001");
        SyntheticSchoolData data = new SyntheticSchoolData(new SyntheticSchoolData.Settings(urn,
                options.getOrDefault("la", "999"), options.getOrDefault("estab", "4001"),
                options.getOrDefault("school-name", "Synthetic Academy " + urn),
                integer(options.getOrDefault("pupils", "1000"), "--pupils"),
                Long.parseLong(options.getOrDefault("seed", "1")),
                options.containsKey("date") ? LocalDate.parse(options.get("date")) : LocalDate.now(clock)));
        String out = options.get("out");
        if (out == null) {
            write(data, format, qualifier, System.out);
            System.out.flush();
            return;
        }
        Path path = Path.of(out);
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(data, format, qualifier, stream);
        }
        System.err.println("wrote " + data.settings().pupils() + " pupils to " + path + " (" + Files.size(path)
                + " bytes)");
    }

    private static void write(SyntheticSchoolData data, String format, String qualifier, OutputStream out) {
        if (format.equals("ctf")) {
            data.writeCtf(out, qualifier.equals("full"));
        } else {
            data.writeCsv(out);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0 || !OPTIONS.contains(arg.substring(2, equals))) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return options;
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is a whole number");
        }
    }
}
