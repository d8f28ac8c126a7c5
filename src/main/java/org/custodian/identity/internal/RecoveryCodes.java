package org.custodian.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ten single-use recovery codes per account, shown once and stored only as SHA-256 hashes. A fast
 * hash is enough here: each code is 50 random bits, not a human-chosen password.
 */
@Component
class RecoveryCodes {

    static final int COUNT = 10;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RecoveryCodes(JdbcClient jdbc, Tenancy tenancy, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    /** Replaces any earlier codes with ten new ones, returned once in clear. */
    List<String> regenerate(UUID userId) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            codes.add(newCode());
        }
        tenancy.asPlatform(() -> {
            jdbc.sql("delete from recovery_code where user_id = ?").param(userId).update();
            for (String code : codes) {
                jdbc.sql("insert into recovery_code (user_id, code_hash) values (?, ?)")
                        .params(userId, hash(code)).update();
            }
        });
        return codes;
    }

    /** Uses a code once: true if it was valid and unused. */
    boolean use(UUID userId, String code) {
        if (code == null || code.isBlank()) {
            return false;
        }
        return tenancy.asPlatform(() -> jdbc.sql(
                        "update recovery_code set used_at = ? where user_id = ? and code_hash = ? and used_at is null")
                .params(Timestamp.from(clock.instant()), userId, hash(normalise(code))).update() == 1);
    }

    int remaining(UUID userId) {
        return tenancy.asPlatform(() -> jdbc.sql(
                        "select count(*) from recovery_code where user_id = ? and used_at is null")
                .param(userId).query(Long.class).single()).intValue();
    }

    void deleteAll(UUID userId) {
        tenancy.asPlatform(() -> jdbc.sql("delete from recovery_code where user_id = ?").param(userId).update());
    }

    private String newCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    private static String normalise(String code) {
        String compact = code.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "");
        return compact.length() == 10 ? compact.substring(0, 5) + "-" + compact.substring(5) : compact;
    }

    private static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
