package org.custodian.rights.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SQL of access and portability bundles. Item contents and exemptions are encrypted under the
 * request's data key (the request's id as subject, as the register's free text), each bound to its
 * bundle and position. Every method runs inside the caller's school-scoped transaction.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class AccessBundleStore {

    private final JdbcClient jdbc;
    private final FieldCipher cipher;

    AccessBundleStore(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** One file of a bundle; {@code content} null when not asked to be decrypted. */
    record Item(int position, String name, byte[] content, boolean withheld, String exemption) {
        @Override
        public String toString() {
            return "Item[position=" + position + ", withheld=" + withheld + "]";
        }
    }

    record Bundle(UUID id, UUID requestId, Instant builtAt, UUID builtBy, Instant reviewedAt, UUID reviewedBy,
                  Instant releasedAt, UUID releasedBy, List<Item> items) {
        boolean reviewed() {
            return reviewedAt != null;
        }

        boolean released() {
            return releasedAt != null;
        }
    }

    void insert(UUID school, UUID requestId, UUID bundleId, Instant builtAt, UUID builtBy, List<Item> items) {
        // The unique (request, number) makes two concurrent builds collide instead of sharing a number.
        jdbc.sql("""
                        insert into rights_bundle (school_id, id, request_id, number, built_at, built_by)
                        select ?, ?, ?, coalesce(max(number), 0) + 1, ?, ? from rights_bundle
                        where school_id = ? and request_id = ?""")
                .params(school, bundleId, requestId, builtAt.atOffset(ZoneOffset.UTC), builtBy, school, requestId).update();
        for (Item item : items) {
            jdbc.sql("insert into rights_bundle_item (school_id, bundle_id, position, name, content) values (?, ?, ?, ?, ?)")
                    .params(school, bundleId, item.position(), item.name(),
                            cipher.encrypt(school, requestId, field("rights-bundle-item", bundleId, item.position()),
                                    item.content()))
                    .update();
        }
    }

    /** The latest bundle of the request, its contents decrypted only if asked. */
    Optional<Bundle> latest(UUID school, UUID requestId, boolean contents) {
        return bundle(school, "request_id = ? order by number desc limit 1", requestId, contents);
    }

    /** A bundle by id, its contents decrypted. */
    Optional<Bundle> byId(UUID school, UUID bundleId) {
        return bundle(school, "id = ?", bundleId, true);
    }

    private Optional<Bundle> bundle(UUID school, String where, UUID key, boolean contents) {
        return jdbc.sql("""
                        select id, request_id, built_at, built_by, reviewed_at, reviewed_by, released_at, released_by
                        from rights_bundle where school_id = ? and\s""" + where)
                .params(school, key)
                .query((rs, n) -> new Bundle(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        instant(rs.getObject(3, OffsetDateTime.class)), rs.getObject(4, UUID.class),
                        instant(rs.getObject(5, OffsetDateTime.class)), rs.getObject(6, UUID.class),
                        instant(rs.getObject(7, OffsetDateTime.class)), rs.getObject(8, UUID.class), List.of()))
                .optional()
                .map(b -> new Bundle(b.id(), b.requestId(), b.builtAt(), b.builtBy(), b.reviewedAt(), b.reviewedBy(),
                        b.releasedAt(), b.releasedBy(), items(school, b.requestId(), b.id(), contents)));
    }

    /** Locks the bundle's row for a review or a release, so two cannot interleave. */
    void lock(UUID school, UUID bundleId) {
        jdbc.sql("select 1 from rights_bundle where school_id = ? and id = ? for update").params(school, bundleId)
                .query(Integer.class).single();
    }

    void review(UUID school, UUID requestId, UUID bundleId, int position, String exemption) {
        jdbc.sql("update rights_bundle_item set withheld = ?, exemption = ? where school_id = ? and bundle_id = ? and position = ?")
                .params(exemption != null, exemption == null ? null
                                : cipher.encryptString(school, requestId, field("rights-bundle-exemption", bundleId, position), exemption),
                        school, bundleId, position)
                .update();
    }

    void markReviewed(UUID school, UUID bundleId, Instant at, UUID by) {
        jdbc.sql("update rights_bundle set reviewed_at = ?, reviewed_by = ? where school_id = ? and id = ?")
                .params(at.atOffset(ZoneOffset.UTC), by, school, bundleId).update();
    }

    void markReleased(UUID school, UUID bundleId, Instant at, UUID by) {
        jdbc.sql("update rights_bundle set released_at = ?, released_by = ? where school_id = ? and id = ?")
                .params(at.atOffset(ZoneOffset.UTC), by, school, bundleId).update();
    }

    /** A one-time link as stored (its token only as a hash). */
    record Link(UUID bundleId, String passcodeHash, Instant expiresAt, int failedAttempts, Instant downloadedAt) {
        @Override
        public String toString() {
            return "Link[bundle=" + bundleId + "]";
        }
    }

    void insertLink(UUID school, byte[] tokenHash, UUID bundleId, String passcodeHash, UUID by, Instant at, Instant expires) {
        jdbc.sql("""
                        insert into rights_bundle_link (school_id, token_hash, bundle_id, passcode_hash, created_by,
                            created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?)""")
                .params(school, tokenHash, bundleId, passcodeHash, by, at.atOffset(ZoneOffset.UTC),
                        expires.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The link, locked so two tries at its passcode are counted one after the other. */
    Optional<Link> lockLink(UUID school, byte[] tokenHash) {
        return jdbc.sql("""
                        select bundle_id, passcode_hash, expires_at, failed_attempts, downloaded_at from rights_bundle_link
                        where school_id = ? and token_hash = ? for update""")
                .params(school, tokenHash)
                .query((rs, n) -> new Link(rs.getObject(1, UUID.class), rs.getString(2),
                        instant(rs.getObject(3, OffsetDateTime.class)), rs.getInt(4),
                        instant(rs.getObject(5, OffsetDateTime.class))))
                .optional();
    }

    void linkFailed(UUID school, byte[] tokenHash) {
        jdbc.sql("update rights_bundle_link set failed_attempts = failed_attempts + 1 where school_id = ? and token_hash = ?")
                .params(school, tokenHash).update();
    }

    void linkUsed(UUID school, byte[] tokenHash, Instant at) {
        jdbc.sql("update rights_bundle_link set downloaded_at = ? where school_id = ? and token_hash = ?")
                .params(at.atOffset(ZoneOffset.UTC), school, tokenHash).update();
    }

    private List<Item> items(UUID school, UUID requestId, UUID bundleId, boolean contents) {
        return jdbc.sql("""
                        select position, name, %s, withheld, exemption from rights_bundle_item
                        where school_id = ? and bundle_id = ? order by position""".formatted(contents ? "content" : "null::bytea"))
                .params(school, bundleId)
                .query((rs, n) -> {
                    int position = rs.getInt(1);
                    byte[] content = rs.getBytes(3);
                    byte[] exemption = rs.getBytes(5);
                    return new Item(position, rs.getString(2), content == null ? null
                            : cipher.decrypt(school, requestId, field("rights-bundle-item", bundleId, position), content),
                            rs.getBoolean(4), exemption == null ? null
                            : cipher.decryptString(school, requestId, field("rights-bundle-exemption", bundleId, position), exemption));
                })
                .list();
    }

    private static String field(String name, UUID bundleId, int position) {
        return FieldCipher.recordField(name, bundleId + ":" + position);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
