package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.google.crypto.tink.subtle.Ed25519Sign;
import org.custodian.accesslog.LoggedEntry;
import org.custodian.accesslog.OfflineAccessLogVerifier;
import org.custodian.accesslog.internal.tree.Checkpoint;
import org.custodian.accesslog.internal.tree.CompactRange;
import org.custodian.accesslog.internal.tree.Ed25519Pem;
import org.custodian.accesslog.internal.tree.SignedNote;
import org.custodian.accesslog.internal.tree.SignedNote.VerifierKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline verifier on exports built here, signed with a key made here. */
class OfflineAccessLogVerifierTests {

    private static final String KEY_NAME = "custodian.example/access-log";
    private static final UUID SCHOOL = UUID.fromString("3f1c2a9e-0000-4000-8000-000000000001");
    private static final String ORIGIN = KEY_NAME + "/" + SCHOOL;

    @TempDir Path dir;
    private Signer installation;
    private List<LoggedEntry> entries;

    @BeforeEach
    void build() throws GeneralSecurityException {
        installation = new Signer(KEY_NAME);
        entries = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            entries.add(entry(100 + 64L * i, i % 5 == 0 ? null : new byte[] {1, 2, (byte) i}));
        }
    }

    @Test
    void anIntactExportVerifiesWithThePemKeyAndWithTheVerifierKey() throws Exception {
        String saved = installation.checkpoint(entries.subList(0, 20));
        Path export = export(entries, 0, installation.checkpoint(entries));

        Result pem = run(export, write("saved.txt", saved), write("key.pem", Ed25519Pem.encode(installation.publicKey)));
        assertThat(pem.code).as(pem.out).isEqualTo(OfflineAccessLogVerifier.OK);
        assertThat(pem.out).contains("37 positions").contains("OK");

        Result named = run(export, write("saved.txt", saved), write("keys.txt", installation.verifierKey().encoded() + "\n"));
        assertThat(named.code).as(named.out).isEqualTo(OfflineAccessLogVerifier.OK);

        Result sameSize = run(export, write("saved.txt", installation.checkpoint(entries)), pemKey());
        assertThat(sameSize.code).as(sameSize.out).isEqualTo(OfflineAccessLogVerifier.OK);
    }

    @Test
    void thePemKeyIsAnX509Ed25519Key() throws Exception {
        String pem = Ed25519Pem.encode(installation.publicKey);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
        assertThat(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)).getAlgorithm())
                .isIn("EdDSA", "Ed25519");
        assertThat(Ed25519Pem.decode(pem)).hasValueSatisfying(key -> assertThat(key).isEqualTo(installation.publicKey));
    }

    @Test
    void aVerifierKeyWhoseBase64HoldsAPlusReadsBack() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) new int[] {0xfb, 0xef, 0xbe}[(i + 1) % 3]; // after the 0x01 type byte, "++++" in base64
        }
        VerifierKey verifierKey = new VerifierKey(KEY_NAME, key);
        assertThat(verifierKey.encoded().substring(KEY_NAME.length() + 10)).contains("+");
        assertThat(VerifierKey.parse(verifierKey.encoded())).isEqualTo(verifierKey);
    }

    @Test
    void entriesRemovedUnderRetentionStillVerifyAsLeaves() throws Exception {
        Path export = export(entries, 10, installation.checkpoint(entries));
        Result result = run(export, write("saved.txt", installation.checkpoint(entries.subList(0, 5))), pemKey());
        assertThat(result.code).as(result.out).isEqualTo(OfflineAccessLogVerifier.OK);
        assertThat(result.out).contains("10 removed under retention");
    }

    @Test
    void aChangedEntryIsNamedByPosition() throws Exception {
        List<String> lines = lines(entries, 0, installation.checkpoint(entries));
        lines.set(1 + 12, lines.get(1 + 12).replace("\"purpose\":\"TEACHING\"", "\"purpose\":\"SAFEGUARDING\""));
        Result result = run(write("log.jsonl", lines), null, pemKey());
        assertThat(result.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(result.out).contains("Position 12").contains("does not match its leaf hash");
    }

    @Test
    void aMissingPositionIsNamed() throws Exception {
        List<String> lines = lines(entries, 0, installation.checkpoint(entries));
        lines.remove(1 + 7);
        Result result = run(write("log.jsonl", lines), null, pemKey());
        assertThat(result.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(result.out).contains("Position 7 is missing");
    }

    @Test
    void anEntryMissingAfterKeptOnesIsNotPassedOffAsRetention() throws Exception {
        List<String> lines = lines(entries, 0, installation.checkpoint(entries));
        LoggedEntry hidden = entries.get(20);
        lines.set(1 + 20, ExportLines.leaf(20, hidden.leafHash()));
        Result result = run(write("log.jsonl", lines), null, pemKey());
        assertThat(result.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(result.out).contains("Position 20").contains("missing");
    }

    @Test
    void anExportShorterThanTheSavedCheckpointIsTruncated() throws Exception {
        List<LoggedEntry> shorter = entries.subList(0, 30);
        Path export = export(shorter, 0, installation.checkpoint(shorter));
        Result result = run(export, write("saved.txt", installation.checkpoint(entries)), pemKey());
        assertThat(result.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(result.out).contains("Truncated").contains("37").contains("30");
    }

    @Test
    void aRewrittenHistoryResignedWithAnotherKeyFailsOnTheSignature() throws Exception {
        String saved = installation.checkpoint(entries.subList(0, 20));
        List<LoggedEntry> rewritten = rewrite(entries, 3);
        Signer forger = new Signer(KEY_NAME);
        Result result = run(export(rewritten, 0, forger.checkpoint(rewritten)), write("saved.txt", saved), pemKey());
        assertThat(result.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(result.out).contains("export's checkpoint is not signed by the given key");
    }

    @Test
    void aRewrittenHistoryWithEveryHashRecomputedForksFromTheSavedCheckpoint() throws Exception {
        String saved = installation.checkpoint(entries.subList(0, 20));
        List<LoggedEntry> rewritten = rewrite(entries, 3);
        // The export's own checkpoint is the one genuinely signed before the rewrite: only the leaves changed.
        List<String> lines = lines(rewritten, 0, installation.checkpoint(entries));
        Result alone = run(write("log.jsonl", lines), null, pemKey());
        assertThat(alone.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(alone.out).contains("do not hash to its checkpoint's root");

        // A database that can also sign (the key stolen) makes the export consistent: the saved copy still catches it.
        Result signed = run(export(rewritten, 0, installation.checkpoint(rewritten)), write("saved.txt", saved), pemKey());
        assertThat(signed.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(signed.out).contains("History forks from the saved checkpoint").contains("position 19");
    }

    @Test
    void aForgedCheckpointIsRefused() throws Exception {
        Path export = export(entries, 0, installation.checkpoint(entries));
        String genuine = installation.checkpoint(entries.subList(0, 20));
        String forged = genuine.replace("\n20\n", "\n21\n");
        Result edited = run(export, write("saved.txt", forged), pemKey());
        assertThat(edited.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(edited.out).contains("saved checkpoint is not signed by the given key");

        String otherSigner = new Signer(KEY_NAME).checkpoint(entries.subList(0, 20));
        Result other = run(export, write("saved.txt", otherSigner), pemKey());
        assertThat(other.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);

        Result garbage = run(export, write("saved.txt", "not a note"), pemKey());
        assertThat(garbage.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
    }

    @Test
    void malformedInputIsReportedWithoutAStackTrace() throws Exception {
        List<String> lines = lines(entries, 0, installation.checkpoint(entries));
        lines.set(5, "{\"type\":\"entry\",");
        Result json = run(write("log.jsonl", lines), null, pemKey());
        assertThat(json.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(json.out).contains("Line 6 is not valid JSON").doesNotContain("Exception").doesNotContain("\tat ");

        Result empty = run(write("log.jsonl", List.of()), null, pemKey());
        assertThat(empty.code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(empty.out).contains("no header");

        Result badKey = run(write("log.jsonl", lines), null, write("key.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
        assertThat(badKey.code).isEqualTo(OfflineAccessLogVerifier.USAGE);
        assertThat(badKey.out).contains("not an Ed25519 public key");

        Result missingFile = run(dir.resolve("absent.jsonl"), null, pemKey());
        assertThat(missingFile.code).isEqualTo(OfflineAccessLogVerifier.USAGE);

        assertThat(OfflineAccessLogVerifier.run(new String[] {"--export"}, new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(OfflineAccessLogVerifier.USAGE);
        assertThat(OfflineAccessLogVerifier.run(new String[] {"--bogus", "x", "--public-key", "y"},
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(OfflineAccessLogVerifier.USAGE);
        // A bundle's history is checked on its own: not with an export, nor against a saved checkpoint.
        assertThat(OfflineAccessLogVerifier.run(new String[] {"--bundle", "a", "--export", "b", "--public-key", "c"},
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(OfflineAccessLogVerifier.USAGE);
        assertThat(OfflineAccessLogVerifier.run(new String[] {"--bundle", "a", "--checkpoint", "b", "--public-key", "c"},
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(OfflineAccessLogVerifier.USAGE);
    }

    @Test
    void aFileThatIsNotABundleHistoryIsBrokenNotACrash() throws Exception {
        Path history = dir.resolve("history.json");
        Files.writeString(history, "{\"format\": \"something-else\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = OfflineAccessLogVerifier.run(new String[] {"--bundle", history.toString(), "--public-key",
                pemKey().toString()}, new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(OfflineAccessLogVerifier.BROKEN);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("custodian.access-bundle.history.v1");
    }

    @Test
    void randomBytesAndMutatedLinesNeverEscapeRun() throws Exception {
        Random random = new Random(64);
        List<String> lines = lines(entries.subList(0, 8), 2, installation.checkpoint(entries.subList(0, 8)));
        Path key = pemKey();
        for (int round = 0; round < 300; round++) {
            Path export = dir.resolve("fuzz.jsonl");
            if (round % 3 == 0) {
                byte[] noise = new byte[random.nextInt(400)];
                random.nextBytes(noise);
                Files.write(export, noise);
            } else {
                List<String> mutated = new ArrayList<>(lines);
                int at = random.nextInt(mutated.size());
                mutated.set(at, mutate(mutated.get(at), random));
                Files.write(export, mutated, StandardCharsets.UTF_8);
            }
            Result result = run(export, null, key);
            assertThat(result.code).isIn(OfflineAccessLogVerifier.OK, OfflineAccessLogVerifier.BROKEN);
            assertThat(result.out).doesNotContain("\tat ").isNotBlank();
        }
    }

    private static final String ALPHABET = "{}[]\",:0-9enulltrue\\\u00e9";

    private static String mutate(String line, Random random) {
        StringBuilder out = new StringBuilder(line);
        for (int i = 0, n = 1 + random.nextInt(4); i < n && !out.isEmpty(); i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> out.setCharAt(at, (char) (32 + random.nextInt(95)));
                default -> out.setLength(at);
            }
        }
        return out.toString();
    }

    private List<LoggedEntry> rewrite(List<LoggedEntry> original, int position) {
        List<LoggedEntry> rewritten = new ArrayList<>(original);
        LoggedEntry e = original.get(position);
        rewritten.set(position, new LoggedEntry(e.schoolId(), e.sequence(), e.format(), e.occurredAt(), e.actorId(),
                e.actorRole(), List.of(), e.fields(), e.action(), e.purpose(), e.reason(), e.requestId(), e.sourceIp()));
        return rewritten;
    }

    private static LoggedEntry entry(long sequence, byte[] reason) {
        return new LoggedEntry(SCHOOL, sequence, LoggedEntry.FORMAT_TREE, Instant.parse("2026-03-01T09:00:00.123456Z").plusSeconds(sequence),
                UUID.nameUUIDFromBytes(("actor" + sequence % 3).getBytes()).toString(), "TEACHER",
                List.of(UUID.nameUUIDFromBytes(("pupil" + sequence).getBytes()).toString()), List.of("forename", "surname"),
                "READ", "TEACHING", reason, "req-" + sequence, sequence % 2 == 0 ? null : "192.0.2.7");
    }

    private Path export(List<LoggedEntry> log, int removed, String checkpoint) throws IOException {
        return write("log.jsonl", lines(log, removed, checkpoint));
    }

    private static List<String> lines(List<LoggedEntry> log, int removed, String checkpoint) {
        List<String> lines = new ArrayList<>();
        lines.add(ExportLines.header(SCHOOL, checkpoint));
        for (int i = 0; i < log.size(); i++) {
            LoggedEntry entry = log.get(i);
            lines.add(i < removed ? ExportLines.leaf(i, entry.leafHash()) : ExportLines.entry(i, entry.leafHash(), entry));
        }
        return lines;
    }

    private Path pemKey() throws IOException {
        return write("key.pem", Ed25519Pem.encode(installation.publicKey));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static Result run(Path export, Path checkpoint, Path key) {
        List<String> args = new ArrayList<>(List.of("--export", export.toString(), "--public-key", key.toString()));
        if (checkpoint != null) {
            args.addAll(List.of("--checkpoint", checkpoint.toString()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = OfflineAccessLogVerifier.run(args.toArray(String[]::new), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out) {
    }

    /** An installation's signing key, made with Tink. */
    private static final class Signer {

        final String name;
        final byte[] publicKey;
        private final Ed25519Sign sign;

        Signer(String name) throws GeneralSecurityException {
            this.name = name;
            Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPair();
            this.publicKey = pair.getPublicKey();
            this.sign = new Ed25519Sign(pair.getPrivateKey());
        }

        VerifierKey verifierKey() {
            return new VerifierKey(name, publicKey);
        }

        String checkpoint(List<LoggedEntry> log) throws GeneralSecurityException {
            CompactRange range = CompactRange.empty();
            log.forEach(entry -> range.append(entry.leafHash()));
            String body = new Checkpoint(ORIGIN, range.size(), range.root()).body();
            return SignedNote.sign(body, verifierKey(), sign.sign(body.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
