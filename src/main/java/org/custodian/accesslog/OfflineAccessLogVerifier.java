package org.custodian.accesslog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.custodian.accesslog.internal.tree.Checkpoint;
import org.custodian.accesslog.internal.tree.CompactRange;
import org.custodian.accesslog.internal.tree.Ed25519Pem;
import org.custodian.accesslog.internal.tree.MerkleHash;
import org.custodian.accesslog.internal.tree.SignedNote;
import org.custodian.accesslog.internal.tree.SignedNote.VerifierKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a school's access-log export against the installation's public key and, optionally, a
 * checkpoint saved earlier, without the server or its database:
 * {@code java -jar custodian.jar verify-access-log --export log.jsonl --checkpoint saved.txt --public-key key.pem}.
 *
 * <p>It recomputes every entry's leaf hash from its fields, checks the positions run 0, 1, 2… with
 * entries removed under retention only before every kept one, rebuilds the Merkle tree, checks the
 * export's own checkpoint (signature, and root at its size), then the saved checkpoint: its signature,
 * its size within the export's tree ("truncated" otherwise) and its root equal to the rebuilt tree's
 * at that size ("history forks" otherwise). Reading is streamed: an export of millions of entries
 * needs memory for one line and a few dozen hashes.
 *
 * <p>Exit codes: {@value #OK} all verified, {@value #BROKEN} something does not verify (the first break
 * is named by position), {@value #USAGE} wrong arguments or unreadable key or files.
 */
public final class OfflineAccessLogVerifier {

    public static final String COMMAND = "verify-access-log";
    public static final String EXPORT_FORMAT = "custodian.access-log.export.v1";
    /** The access history of a subject-access bundle, checked with {@code --bundle} instead of {@code --export}. */
    public static final String BUNDLE_FORMAT = "custodian.access-bundle.history.v1";

    public static final int OK = 0;
    public static final int BROKEN = 2;
    public static final int USAGE = 64;

    /** Longer lines than this are refused rather than read into memory: an entry line is a few hundred bytes. */
    static final int MAX_LINE = 1 << 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USAGE_TEXT = "usage: java -jar custodian.jar " + COMMAND
            + " --export <log.jsonl> --public-key <key.pem or name+keyid+key file> [--checkpoint <saved checkpoint>]\n"
            + "   or: java -jar custodian.jar " + COMMAND
            + " --bundle <access-history.json> --public-key <key.pem or name+keyid+key file>";

    private OfflineAccessLogVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the check, writing what it finds to {@code out}; never throws. */
    public static int run(String[] args, PrintStream out) {
        try {
            return verify(arguments(args), out);
        } catch (Stop stop) {
            out.println(stop.getMessage());
            return stop.code;
        } catch (RuntimeException | StackOverflowError e) {
            // A defect here must still not print a stack trace: name the kind of failure only.
            out.println("The export could not be verified: unexpected " + e.getClass().getSimpleName() + ".");
            return BROKEN;
        }
    }

    private static Map<String, Path> arguments(String[] args) throws Stop {
        Map<String, Path> parsed = new LinkedHashMap<>();
        if (args == null) {
            throw new Stop(USAGE, USAGE_TEXT);
        }
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!List.of("--export", "--checkpoint", "--public-key", "--bundle").contains(name) || i + 1 >= args.length
                    || args[i + 1] == null || parsed.containsKey(name)) {
                throw new Stop(USAGE, USAGE_TEXT);
            }
            try {
                parsed.put(name, Path.of(args[++i]));
            } catch (RuntimeException e) {
                throw new Stop(USAGE, "Not a file path: " + name + ".\n" + USAGE_TEXT);
            }
        }
        if (parsed.containsKey("--export") == parsed.containsKey("--bundle") || !parsed.containsKey("--public-key")
                || (parsed.containsKey("--bundle") && parsed.containsKey("--checkpoint"))) {
            throw new Stop(USAGE, USAGE_TEXT);
        }
        return parsed;
    }

    private static int verify(Map<String, Path> args, PrintStream out) throws Stop {
        Keys keys = Keys.read(args.get("--public-key"));
        if (args.containsKey("--bundle")) {
            return verifyBundle(args.get("--bundle"), keys, out);
        }
        Optional<Checkpoint> saved = Optional.empty();
        if (args.containsKey("--checkpoint")) {
            String note = readText(args.get("--checkpoint"), "saved checkpoint");
            saved = Optional.of(open(note, keys, "The saved checkpoint"));
        }
        Walk walk = new Walk(saved.map(Checkpoint::size).orElse(-1L));
        try (InputStream in = Files.newInputStream(args.get("--export"))) {
            Lines lines = new Lines(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
            Checkpoint exported = header(lines, keys);
            String line;
            while ((line = lines.next()) != null) {
                walk.line(lines.number, line, exported);
            }
            if (walk.range.size() != exported.size()) {
                throw broken("The export holds " + walk.range.size() + " positions but its checkpoint has "
                        + exported.size() + ": " + (walk.range.size() < exported.size()
                        ? "positions from " + walk.range.size() + " on are missing." : "positions beyond the checkpoint."));
            }
            if (!Arrays.equals(walk.range.root(), exported.root())) {
                throw broken("The export's entries do not hash to its checkpoint's root (tree size " + exported.size()
                        + "): an entry at or before position " + (exported.size() - 1) + " was changed.");
            }
            out.println("Export: " + exported.size() + " positions (" + walk.entries + " entries, " + walk.removed
                    + " removed under retention) match its checkpoint, signed by the installation's key.");
            if (saved.isPresent()) {
                Checkpoint checkpoint = saved.get();
                if (!checkpoint.origin().equals(exported.origin())) {
                    throw broken("The saved checkpoint is of another log (" + checkpoint.origin() + ").");
                }
                if (checkpoint.size() > exported.size()) {
                    throw broken("Truncated: the saved checkpoint has " + checkpoint.size() + " positions, the export only "
                            + exported.size() + "; positions from " + exported.size() + " on are gone.");
                }
                if (!Arrays.equals(walk.savedRoot, checkpoint.root())) {
                    throw broken("History forks from the saved checkpoint: the export's first " + checkpoint.size()
                            + " positions hash to another root; an entry at or before position " + (checkpoint.size() - 1)
                            + " differs from what the checkpoint covered.");
                }
                out.println("Saved checkpoint: the export extends it (" + checkpoint.size() + " of " + exported.size()
                        + " positions).");
            }
            out.println("OK");
            return OK;
        } catch (CharacterCodingException e) {
            throw broken("The export is not UTF-8 text.");
        } catch (IOException e) {
            throw new Stop(USAGE, "Cannot read the export file.");
        }
    }

    /**
     * A bundle's access history: its checkpoint signed by the key, and each entry's leaf hash
     * recomputed from its fields, naming the bundle's subject, and included at its position in the
     * checkpoint's tree (RFC 9162 inclusion proof). Pending entries are counted, not proven.
     */
    private static int verifyBundle(Path file, Keys keys, PrintStream out) throws Stop {
        JsonNode doc;
        try {
            if (Files.size(file) > 256L * MAX_LINE) {
                throw new Stop(USAGE, "The bundle file is far too large to be an access history.");
            }
            doc = JSON.readTree(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString());
        } catch (CharacterCodingException e) {
            throw broken("The bundle's access history is not UTF-8 text.");
        } catch (JacksonException e) {
            throw broken("The bundle's access history is not valid JSON.");
        } catch (IOException e) {
            throw new Stop(USAGE, "Cannot read the bundle file.");
        }
        if (doc == null || !doc.isObject() || !BUNDLE_FORMAT.equals(text(doc, "format", 1))) {
            throw broken("The file is not a " + BUNDLE_FORMAT + " access history.");
        }
        String school = text(doc, "school", 1);
        String subject = text(doc, "subject", 1);
        String note = text(doc, "checkpoint", 1);
        JsonNode entries = doc.get("entries");
        JsonNode pending = doc.get("pending");
        if (school == null || subject == null || entries == null || !entries.isArray() || pending == null
                || !pending.isArray()) {
            throw broken("The access history has no school, subject, entries or pending list.");
        }
        if (note == null) {
            if (!entries.isEmpty()) {
                throw broken("The access history has proven entries but no checkpoint.");
            }
            out.println("No signed checkpoint yet: " + pending.size() + " entries are pending and cannot be proven.");
            out.println("OK");
            return OK;
        }
        Checkpoint checkpoint = open(note, keys, "The bundle's checkpoint");
        if (!checkpoint.origin().endsWith("/access-log/" + school)) {
            throw broken("The bundle's checkpoint is of another school's log (" + checkpoint.origin() + ").");
        }
        long number = 0;
        for (JsonNode item : entries) {
            number++;
            if (!item.isObject() || item.get("entry") == null || !item.get("entry").isObject()) {
                throw broken("Entry " + number + " is not an entry with its proof.");
            }
            long position = number(item, "position", number);
            LoggedEntry entry = Walk.entry(item.get("entry"), number, position);
            if (!entry.schoolId().toString().equals(school) || !entry.subjectIds().contains(subject)) {
                throw broken("Entry " + number + " (position " + position + ") is not about the bundle's subject at its school.");
            }
            byte[] leafHash = base64(item, "leafHash", number, false);
            if (!Arrays.equals(entry.leafHash(), leafHash)) {
                throw broken("Entry " + number + " (position " + position + ") does not match its leaf hash (it was changed).");
            }
            List<byte[]> proof = new ArrayList<>();
            JsonNode hashes = item.get("proof");
            if (hashes == null || !hashes.isArray()) {
                throw broken("Entry " + number + " has no proof.");
            }
            for (JsonNode hash : hashes) {
                if (!hash.isString()) {
                    throw broken("Entry " + number + ": the proof holds something other than base64 text.");
                }
                try {
                    proof.add(Base64.getDecoder().decode(hash.asString()));
                } catch (IllegalArgumentException e) {
                    throw broken("Entry " + number + ": the proof holds something that is not base64.");
                }
            }
            if (position < 0 || position >= checkpoint.size()
                    || !org.custodian.accesslog.internal.tree.MerkleProofs.verifyInclusion(position, checkpoint.size(),
                    leafHash, proof, checkpoint.root())) {
                throw broken("Entry " + number + " (position " + position + ") is not included in the signed checkpoint"
                        + " of tree size " + checkpoint.size() + ".");
            }
        }
        out.println("Access history: " + entries.size() + " entries proven included in the checkpoint of tree size "
                + checkpoint.size() + ", signed by the installation's key; " + pending.size()
                + " entries pending (not yet in a checkpoint).");
        out.println("OK");
        return OK;
    }

    private static Checkpoint header(Lines lines, Keys keys) throws Stop, IOException {
        String first = lines.next();
        if (first == null) {
            throw broken("The export is empty: it has no header line.");
        }
        JsonNode header = parse(first, lines.number);
        if (!"header".equals(text(header, "type", lines.number)) || !EXPORT_FORMAT.equals(text(header, "format", lines.number))) {
            throw broken("Line 1 is not the header of a " + EXPORT_FORMAT + " export.");
        }
        String school = text(header, "school", lines.number);
        String note = text(header, "checkpoint", lines.number);
        if (school == null || note == null) {
            throw broken("The export's header has no school or no checkpoint.");
        }
        Checkpoint checkpoint = open(note, keys, "The export's checkpoint");
        if (!checkpoint.origin().endsWith("/access-log/" + school)) {
            throw broken("The export's checkpoint is of another school's log (" + checkpoint.origin() + ").");
        }
        return checkpoint;
    }

    private static Checkpoint open(String note, Keys keys, String what) throws Stop {
        String normalised = note.replace("\r\n", "\n");
        Optional<String> body = SignedNote.open(normalised, keys.forNote(normalised));
        if (body.isEmpty()) {
            throw broken(what + " is not signed by the given key (or is not a signed note).");
        }
        return Checkpoint.parse(body.get())
                .orElseThrow(() -> broken(what + " is signed but is not a checkpoint."));
    }

    private static Stop broken(String message) {
        return new Stop(BROKEN, message);
    }

    private static JsonNode parse(String line, long number) throws Stop {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw broken("Line " + number + " is not a JSON object.");
            }
            return node;
        } catch (JacksonException e) {
            throw broken("Line " + number + " is not valid JSON.");
        }
    }

    /** A text member (null when JSON null); refuses a missing member or one of another type. */
    private static String text(JsonNode node, String name, long line) throws Stop {
        JsonNode value = node.get(name);
        if (value == null || !(value.isNull() || value.isString())) {
            throw broken("Line " + line + ": \"" + name + "\" is missing or not text.");
        }
        return value.isNull() ? null : value.asString();
    }

    private static long number(JsonNode node, String name, long line) throws Stop {
        JsonNode value = node.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw broken("Line " + line + ": \"" + name + "\" is missing or not a whole number.");
        }
        return value.asLong();
    }

    private static List<String> texts(JsonNode node, String name, long line) throws Stop {
        JsonNode value = node.get(name);
        if (value == null || !value.isArray()) {
            throw broken("Line " + line + ": \"" + name + "\" is missing or not a list.");
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!(element.isNull() || element.isString())) {
                throw broken("Line " + line + ": \"" + name + "\" holds something other than text.");
            }
            out.add(element.isNull() ? null : element.asString());
        }
        return out;
    }

    private static byte[] base64(JsonNode node, String name, long line, boolean nullable) throws Stop {
        String value = text(node, name, line);
        if (value == null) {
            if (nullable) {
                return null;
            }
            throw broken("Line " + line + ": \"" + name + "\" is missing.");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw broken("Line " + line + ": \"" + name + "\" is not base64.");
        }
    }

    private static String readText(Path path, String what) throws Stop {
        try {
            if (Files.size(path) > MAX_LINE) {
                throw new Stop(USAGE, "The " + what + " file is far too large to be one.");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw new Stop(USAGE, "The " + what + " file is not UTF-8 text.");
        } catch (IOException | RuntimeException e) {
            throw new Stop(USAGE, "Cannot read the " + what + " file.");
        }
    }

    /** The tree rebuilt line by line. */
    private static final class Walk {

        private final long savedSize;
        final CompactRange range = CompactRange.empty();
        byte[] savedRoot;
        long entries;
        long removed;

        Walk(long savedSize) {
            this.savedSize = savedSize;
        }

        void line(long number, String line, Checkpoint exported) throws Stop {
            JsonNode node = parse(line, number);
            String type = text(node, "type", number);
            long position = number(node, "position", number);
            if (position != range.size()) {
                throw broken("Position " + range.size() + " is missing: line " + number + " has position " + position + ".");
            }
            byte[] leafHash = base64(node, "leafHash", number, false);
            if (leafHash.length != MerkleHash.SIZE) {
                throw broken("Position " + position + ": the leaf hash is not 32 bytes.");
            }
            if ("entry".equals(type)) {
                JsonNode entry = node.get("entry");
                if (entry == null || !entry.isObject()) {
                    throw broken("Position " + position + ": the entry is missing.");
                }
                LoggedEntry logged = entry(entry, number, position);
                if (!exported.origin().endsWith("/access-log/" + logged.schoolId())) {
                    throw broken("Position " + position + ": the entry is of another school.");
                }
                if (!Arrays.equals(logged.leafHash(), leafHash)) {
                    throw broken("Position " + position + ": the entry does not match its leaf hash (it was changed).");
                }
                entries++;
            } else if ("leaf".equals(type)) {
                if (entries > 0) {
                    throw broken("Position " + position + ": the entry is missing, yet later entries are kept "
                            + "(retention removes only the oldest positions).");
                }
                removed++;
            } else {
                throw broken("Line " + number + ": unknown line type.");
            }
            range.append(leafHash);
            if (range.size() == savedSize) {
                savedRoot = range.root();
            }
        }

        private static LoggedEntry entry(JsonNode entry, long line, long position) throws Stop {
            long micros = number(entry, "occurredAtMicros", line);
            long format = number(entry, "format", line);
            if (format != LoggedEntry.FORMAT_CHAINED && format != LoggedEntry.FORMAT_TREE) {
                throw broken("Position " + position + ": unknown entry format.");
            }
            String school = text(entry, "schoolId", line);
            try {
                return new LoggedEntry(UUID.fromString(school == null ? "" : school), number(entry, "sequence", line),
                        (int) format, Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
                        text(entry, "actorId", line), text(entry, "actorRole", line), texts(entry, "subjectIds", line),
                        texts(entry, "fields", line), text(entry, "action", line), text(entry, "purpose", line),
                        base64(entry, "reason", line, true), text(entry, "requestId", line), text(entry, "sourceIp", line));
            } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
                throw broken("Position " + position + ": the entry has an invalid school id, format or time.");
            }
        }
    }

    /** The keys given: verifier keys by name, or one bare key (PEM) accepted under whatever name a signature gives. */
    private record Keys(List<VerifierKey> named, byte[] bare) {

        static Keys read(Path path) throws Stop {
            String text = readText(path, "public key");
            if (Ed25519Pem.isPem(text)) {
                return new Keys(List.of(), Ed25519Pem.decode(text)
                        .orElseThrow(() -> new Stop(USAGE, "The public key file is not an Ed25519 public key in PEM.")));
            }
            List<VerifierKey> keys = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        keys.add(VerifierKey.parse(line));
                    } catch (IllegalArgumentException e) {
                        throw new Stop(USAGE, "The public key file holds a line that is not a name+keyid+key verifier key.");
                    }
                }
            }
            if (keys.isEmpty()) {
                throw new Stop(USAGE, "The public key file holds no key.");
            }
            return new Keys(keys, null);
        }

        /** The keys to open {@code note} with: for a bare key, that key under each name the note's signatures give. */
        List<VerifierKey> forNote(String note) {
            if (bare == null) {
                return named;
            }
            List<VerifierKey> keys = new ArrayList<>();
            int split = note.lastIndexOf("\n\n");
            if (split >= 0) {
                for (String line : note.substring(split + 2).split("\n")) {
                    String[] parts = line.startsWith("\u2014 ") ? line.substring(2).split(" ") : new String[0];
                    if (parts.length == 2) {
                        try {
                            keys.add(new VerifierKey(parts[0], bare));
                        } catch (IllegalArgumentException e) {
                            // Not a valid key name: that signature cannot be ours.
                        }
                    }
                }
            }
            return keys;
        }
    }

    /** Lines of at most {@link #MAX_LINE} characters, '\n' or "\r\n" ended. */
    private static final class Lines {

        private final Reader reader;
        private final StringBuilder buffer = new StringBuilder();
        long number;

        Lines(Reader reader) {
            this.reader = new java.io.BufferedReader(reader, 1 << 16);
        }

        String next() throws IOException, Stop {
            buffer.setLength(0);
            int c;
            while ((c = reader.read()) != -1) {
                if (c == '\n') {
                    break;
                }
                if (buffer.length() >= MAX_LINE) {
                    throw broken("Line " + (number + 1) + " is too long to be an export line.");
                }
                buffer.append((char) c);
            }
            if (c == -1 && buffer.isEmpty()) {
                return null;
            }
            number++;
            int end = buffer.length();
            if (end > 0 && buffer.charAt(end - 1) == '\r') {
                buffer.setLength(end - 1);
            }
            return buffer.toString();
        }
    }

    private static final class Stop extends Exception {

        final int code;

        Stop(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
