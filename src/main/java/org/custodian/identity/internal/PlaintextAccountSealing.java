package org.custodian.identity.internal;

import java.util.List;
import java.util.UUID;

import org.custodian.crypto.SubjectErasedException;
import org.custodian.tenancy.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Accounts stored before V10 hold their username and name in the clear. At start-up, before the
 * web server accepts a request, every such row is encrypted and its plaintext set to null, all in
 * one transaction (a failure leaves every row as it was, and the next start tries again). Rows
 * already sealed are not touched, so this is a no-op on every later start.
 */
@Component
class PlaintextAccountSealing implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PlaintextAccountSealing.class);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final AccountFields fields;

    PlaintextAccountSealing(JdbcClient jdbc, Tenancy tenancy, AccountFields fields) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.fields = fields;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int sealed = seal();
        if (sealed > 0) {
            log.info("Encrypted the username and name of {} account(s) stored in the clear", sealed);
        }
    }

    private record Plain(UUID id, UUID schoolId, String username, String displayName) {
        @Override
        public String toString() {
            return "Plain[id=" + id + "]";
        }
    }

    /** Returns how many rows it sealed. */
    int seal() {
        return tenancy.asPlatform(() -> {
            List<Plain> rows = jdbc.sql("""
                            select id, school_id, username, display_name from user_account
                             where username is not null or display_name is not null
                             order by id for update""")
                    .query((row, n) -> new Plain(row.getObject("id", UUID.class), row.getObject("school_id", UUID.class),
                            row.getString("username"), row.getString("display_name")))
                    .list();
            for (Plain row : rows) {
                AccountFields.Sealed sealed;
                try {
                    sealed = fields.seal(row.id(), row.schoolId(), row.username(), row.displayName());
                } catch (SubjectErasedException erased) {
                    // The person was erased: keep only what finds and blocks their username.
                    sealed = new AccountFields.Sealed(fields.usernameIndex(row.username()), null, null);
                }
                jdbc.sql("""
                        update user_account set username_index = ?, username_ciphertext = ?, display_name_ciphertext = ?,
                                                username = null, display_name = null
                         where id = ?""")
                        .params(sealed.usernameIndex(), sealed.username(), sealed.displayName(), row.id())
                        .update();
            }
            return rows.size();
        });
    }
}
