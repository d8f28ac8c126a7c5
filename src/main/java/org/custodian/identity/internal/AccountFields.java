package org.custodian.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.PlatformCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.springframework.stereotype.Component;

/**
 * The encrypted personal fields of {@code user_account}: username (an email address) and display
 * name. A school's staff member's fields are encrypted under their own data key (destroying it
 * erases them); platform staff, who belong to no school, under the platform keyset. Every lookup by
 * username uses a platform-wide blind index of the normalised (lower-cased) username, so finding an
 * account never decrypts the table.
 */
@Component
class AccountFields {

    /** Shown for a staff member whose data key was destroyed. */
    static final String ERASED = "Erased user";

    static final String USERNAME = "user.username";
    static final String DISPLAY_NAME = "user.display-name";
    private static final String USERNAME_INDEX = "username";

    /** The columns a row mapper of this class needs, for queries that name their columns. */
    static final String COLUMNS = "id, school_id, username_ciphertext, display_name_ciphertext";

    private final FieldCipher fields;
    private final PlatformCipher platform;
    private final SubjectKeys keys;

    AccountFields(FieldCipher fields, PlatformCipher platform, SubjectKeys keys) {
        this.fields = fields;
        this.platform = platform;
        this.keys = keys;
    }

    record Sealed(byte[] usernameIndex, byte[] username, byte[] displayName) {
        @Override
        public String toString() {
            return "Sealed[redacted]";
        }
    }

    /** The blind index under which the account with this username is stored (and unique). */
    byte[] usernameIndex(String username) {
        return platform.blindIndex(USERNAME_INDEX, username == null ? "" : username.strip());
    }

    /** Creates a school staff member's data key if needed; call inside the transaction that stores the row. */
    Sealed seal(UUID id, UUID schoolId, String username, String displayName) {
        if (schoolId != null) {
            keys.create(schoolId, id, SubjectKind.STAFF);
        }
        return new Sealed(usernameIndex(username), encrypt(id, schoolId, USERNAME, username),
                encrypt(id, schoolId, DISPLAY_NAME, displayName));
    }

    byte[] encrypt(UUID id, UUID schoolId, String field, String value) {
        return schoolId == null
                ? platform.encryptString(id, field, value)
                : fields.encryptString(schoolId, id, field, value);
    }

    /** The field's value; {@link #ERASED} once the staff member's key is destroyed (or nothing was stored). */
    String decrypt(UUID id, UUID schoolId, String field, byte[] ciphertext) {
        if (ciphertext == null) {
            return ERASED;
        }
        try {
            return schoolId == null
                    ? platform.decryptString(id, field, ciphertext)
                    : fields.decryptString(schoolId, id, field, ciphertext);
        } catch (SubjectErasedException e) {
            return ERASED;
        }
    }

    String displayName(ResultSet row) throws SQLException {
        return decrypt(row.getObject("id", UUID.class), row.getObject("school_id", UUID.class), DISPLAY_NAME,
                row.getBytes("display_name_ciphertext"));
    }

    String username(ResultSet row) throws SQLException {
        return decrypt(row.getObject("id", UUID.class), row.getObject("school_id", UUID.class), USERNAME,
                row.getBytes("username_ciphertext"));
    }

    /** Maps a {@code select *} row of {@code user_account}. */
    CustodianUser user(ResultSet row, int rowNumber) throws SQLException {
        return new CustodianUser(
                row.getObject("id", UUID.class),
                row.getObject("school_id", UUID.class),
                username(row),
                displayName(row),
                Role.valueOf(row.getString("role")),
                row.getBoolean("enabled"),
                row.getBoolean("must_change_password"),
                row.getString("password_hash"));
    }

    /** The order the database used to give with {@code order by lower(display_name), id}. */
    static <T> Comparator<T> byName(Function<T, String> name, Function<T, UUID> id) {
        return Comparator.<T, String>comparing(item -> name.apply(item).toLowerCase(Locale.ROOT))
                .thenComparing(id);
    }
}
