package org.custodian.retention.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import org.custodian.crypto.SigningKeys;
import org.custodian.retention.DeletionCertificates;
import org.custodian.retention.OfflineCertificateVerifier;
import org.custodian.retention.RetentionCategory;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deletion certificates: the canonical JSON (see {@link OfflineCertificateVerifier#canonical}) is
 * signed with the installation's Ed25519 key and stored with its signature (SQL of
 * deletion_certificate); the PDF is rendered from the stored JSON on demand.
 */
@Service
class JdbcDeletionCertificates implements DeletionCertificates {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final SigningKeys signingKeys;
    private final Clock clock;

    JdbcDeletionCertificates(JdbcClient jdbc, Tenancy tenancy, SigningKeys signingKeys, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.signingKeys = signingKeys;
        this.clock = clock;
    }

    @Override
    public Certificate issue(Kind kind, UUID schoolId, List<CategoryDeletion> categories, Collection<String> deletedIds) {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(schoolId);
        UUID id = UUID.randomUUID();
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode document = JSON.createObjectNode();
        document.put("format", OfflineCertificateVerifier.FORMAT);
        document.put("id", id.toString());
        document.put("kind", kind.name());
        document.put("school", schoolId.toString());
        document.put("issuedAt", issuedAt.toString());
        var list = document.putArray("categories");
        Instant from = null;
        Instant to = null;
        long total = 0;
        for (CategoryDeletion deletion : categories) {
            ObjectNode row = list.addObject();
            row.put("category", deletion.category());
            row.put("records", records(deletion.category()));
            row.put("count", deletion.count());
            row.put("method", deletion.method());
            if (deletion.earliest() != null) {
                row.put("from", deletion.earliest().toString());
                from = from == null || deletion.earliest().isBefore(from) ? deletion.earliest() : from;
            }
            if (deletion.latest() != null) {
                row.put("to", deletion.latest().toString());
                to = to == null || deletion.latest().isAfter(to) ? deletion.latest() : to;
            }
            total += deletion.count();
        }
        document.put("totalCount", total);
        if (from != null) {
            document.put("from", from.toString());
        }
        if (to != null) {
            document.put("to", to.toString());
        }
        ObjectNode ids = document.putObject("deletedIds");
        ids.put("count", deletedIds.size());
        ids.put("sha256", idsDigest(deletedIds));
        ids.put("hashing", "SHA-256 over the ids sorted by UTF-16 code units, UTF-8, each followed by a newline");
        String canonical = OfflineCertificateVerifier.canonical(document);
        return tenancy.inSchool(schoolId, () -> {
            // Signed inside the transaction that stores it, so the key was current when it signed.
            SigningKeys.Signed signed = signingKeys.sign(canonical.getBytes(StandardCharsets.UTF_8));
            jdbc.sql("""
                            insert into deletion_certificate (school_id, id, kind, issued_at, document, signature, public_key)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(schoolId, id, kind.name(), issuedAt.atOffset(ZoneOffset.UTC), canonical, signed.signature(),
                            signed.publicKey())
                    .update();
            return new Certificate(id, schoolId, kind, issuedAt, canonical, signed.signature(), signed.publicKey());
        });
    }

    @Override
    public List<Certificate> list(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select id, school_id, kind, issued_at, document, signature, public_key from deletion_certificate
                         where school_id = ? order by issued_at desc, id""")
                .params(schoolId).query(JdbcDeletionCertificates::certificate).list());
    }

    @Override
    public Optional<Certificate> find(UUID schoolId, UUID certificateId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select id, school_id, kind, issued_at, document, signature, public_key from deletion_certificate
                         where school_id = ? and id = ?""")
                .params(schoolId, certificateId).query(JdbcDeletionCertificates::certificate).optional());
    }

    /** The file {@code verify-certificate} reads: the signed document and its signature. */
    static String download(Certificate certificate) {
        return "{\"certificate\":" + certificate.document() + ",\"signature\":\""
                + Base64.getEncoder().encodeToString(certificate.signature()) + "\"}\n";
    }

    /** The certificate as a PDF: what was deleted in words, then the signed JSON and its signature. */
    static byte[] pdf(Certificate certificate) {
        JsonNode document = JSON.readTree(certificate.document());
        StringBuilder rows = new StringBuilder();
        for (JsonNode row : document.path("categories")) {
            rows.append("<tr><td>").append(esc(row.path("records").asString())).append("</td><td>")
                    .append(row.path("count").asLong()).append("</td><td>")
                    .append(esc(row.path("from").asString("-"))).append(" to ").append(esc(row.path("to").asString("-")))
                    .append("</td><td>").append(esc(row.path("method").asString())).append("</td></tr>");
        }
        String html = """
                <html><head><style>
                body { font-family: sans-serif; font-size: 10pt; }
                table { border-collapse: collapse; width: 100%%; }
                td, th { border: 1px solid #999; padding: 4px; text-align: left; vertical-align: top; }
                pre { white-space: pre-wrap; word-wrap: break-word; font-size: 7pt; }
                </style></head><body>
                <h1>Deletion certificate</h1>
                <p>Certificate %s, a %s of school %s, issued %s.</p>
                <table><tr><th>Records</th><th>Count</th><th>Dated</th><th>Method</th></tr>%s</table>
                <p>SHA-256 of the sorted list of the %d deleted ids: %s</p>
                <h2>Signed certificate</h2>
                <p>Check it offline: save the JSON below as c.json and run
                java -jar custodian.jar verify-certificate --certificate c.json --public-key key.pem</p>
                <pre>%s</pre>
                <p>Ed25519 public key (PEM):</p><pre>%s</pre>
                </body></html>""".formatted(esc(certificate.id().toString()),
                certificate.kind() == Kind.SWEEP ? "retention sweep" : "purge",
                esc(certificate.schoolId().toString()), esc(certificate.issuedAt().toString()), rows,
                document.path("deletedIds").path("count").asLong(), esc(document.path("deletedIds").path("sha256").asString()),
                esc(download(certificate)), esc(SigningKeys.PublicKey.pem(certificate.publicKey())));
        try (var out = new ByteArrayOutputStream()) {
            new PdfRendererBuilder().useFastMode().withHtmlContent(html, null).toStream(out).run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Could not render the certificate", e);
        }
    }

    static String idsDigest(Collection<String> ids) {
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : sorted) {
                sha.update((id + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String records(String category) {
        try {
            return RetentionCategory.valueOf(category).records();
        } catch (IllegalArgumentException e) {
            return category;
        }
    }

    private static String esc(String value) {
        return HtmlUtils.htmlEscape(value == null ? "" : value, "UTF-8");
    }

    private static Certificate certificate(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Certificate(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), Kind.valueOf(rs.getString(3)),
                rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getBytes(6), rs.getBytes(7));
    }
}
