package org.custodian.retention;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.crypto.tink.subtle.Ed25519Verify;

import org.custodian.crypto.SigningKeys;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a deletion certificate against the installation's public key without the server or its
 * database: {@code java -jar custodian.jar verify-certificate --certificate c.json --public-key key.pem}.
 *
 * <p>The file holds {@code {"certificate": {...}, "signature": "<base64>"}}; the signature is over
 * the certificate's canonical JSON (object keys sorted, no spaces, strings and integers only), so
 * altering any field, reordering or reformatting aside, breaks it.
 *
 * <p>Exit codes: {@value #OK} verified, {@value #BROKEN} it does not verify, {@value #USAGE} wrong
 * arguments or an unreadable file or key.
 */
public final class OfflineCertificateVerifier {

    public static final String COMMAND = "verify-certificate";
    public static final String FORMAT = "custodian.deletion-certificate.v1";

    public static final int OK = 0;
    public static final int BROKEN = 2;
    public static final int USAGE = 64;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USAGE_TEXT = "usage: java -jar custodian.jar " + COMMAND
            + " --certificate <c.json> --public-key <key.pem>";
    private static final long MAX_BYTES = 1 << 20;

    private OfflineCertificateVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the check, writing what it finds to {@code out}; never throws. */
    public static int run(String[] args, PrintStream out) {
        Map<String, String> parsed = new TreeMap<>();
        for (int i = 0; args != null && i < args.length; i += 2) {
            if (!List.of("--certificate", "--public-key").contains(args[i]) || i + 1 >= args.length
                    || parsed.put(args[i], args[i + 1]) != null) {
                out.println(USAGE_TEXT);
                return USAGE;
            }
        }
        if (parsed.size() != 2) {
            out.println(USAGE_TEXT);
            return USAGE;
        }
        byte[] publicKey;
        JsonNode file;
        try {
            publicKey = SigningKeys.PublicKey.fromPem(read(Path.of(parsed.get("--public-key"))));
            file = JSON.readTree(read(Path.of(parsed.get("--certificate"))));
        } catch (IOException | RuntimeException e) {
            out.println("Could not read the certificate or the public key (" + e.getClass().getSimpleName() + ").");
            return USAGE;
        }
        try {
            JsonNode certificate = file.get("certificate");
            JsonNode signature = file.get("signature");
            if (certificate == null || !certificate.isObject() || signature == null || !signature.isString()
                    || certificate.get("format") == null || !FORMAT.equals(certificate.get("format").asString())) {
                out.println("Not a deletion certificate.");
                return BROKEN;
            }
            new Ed25519Verify(publicKey).verify(Base64.getDecoder().decode(signature.asString()),
                    canonical(certificate).getBytes(StandardCharsets.UTF_8));
            out.println("Verified: certificate " + certificate.path("id").asString() + " of school "
                    + certificate.path("school").asString() + ", issued " + certificate.path("issuedAt").asString() + ".");
            return OK;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            out.println("The signature does not verify: the certificate was altered or signed with another key.");
            return BROKEN;
        } catch (RuntimeException e) {
            out.println("The certificate could not be verified: unexpected " + e.getClass().getSimpleName() + ".");
            return BROKEN;
        }
    }

    /**
     * The canonical form that is signed: object keys sorted by their UTF-16 code units, no
     * whitespace, strings escaped as JSON requires, integers as digits. Anything else is refused.
     */
    public static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.propertyNames());
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(names.get(i), out);
                out.append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isString()) {
            string(node.asString(), out);
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue().toString());
        } else if (node.isNull()) {
            out.append("null");
        } else if (node.isBoolean()) {
            out.append(node.asBoolean());
        } else {
            throw new IllegalArgumentException("A certificate holds strings and integers only");
        }
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String read(Path path) throws IOException {
        if (Files.size(path) > MAX_BYTES) {
            throw new IOException("too large");
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }
}
