package org.custodian.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.UserAccounts;
import org.custodian.privacy.PersonName;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Accounts in {@code user_account}. Sign-in looks accounts up in the platform scope, because the
 * school is not known until the account is found.
 */
@Service
class JdbcUserAccounts implements UserAccounts, UserDetailsService, UserDetailsPasswordService {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;

    JdbcUserAccounts(JdbcClient jdbc, Tenancy tenancy, PasswordEncoder passwordEncoder, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
    }

    @Override
    public NewAccount create(UUID schoolId, String username, PersonName displayName, Role role) {
        if ((schoolId == null) != role.isPlatform()) {
            throw new IllegalArgumentException("Platform roles have no school; school roles need one");
        }
        if (username == null || username.isBlank() || username.length() > 254) {
            throw ProblemException.badRequest("invalid-username", "A username must be 1 to 254 characters.");
        }
        var password = PasswordGenerator.generate();
        UUID id = UUID.randomUUID();
        tenancy.asPlatform(() -> {
            if (usernameTaken(username)) {
                throw ProblemException.conflict("username-taken", "That username is already in use.");
            }
            jdbc.sql("""
                    insert into user_account (id, school_id, username, display_name, password_hash, role,
                                              must_change_password, created_at)
                    values (?, ?, ?, ?, ?, ?, true, ?)""")
                    .params(id, schoolId, username.strip(), displayName.value(),
                            passwordEncoder.encode(password.value()), role.name(),
                            java.sql.Timestamp.from(clock.instant()))
                    .update();
        });
        return new NewAccount(id, username.strip(), password);
    }

    @Override
    public boolean usernameTaken(String username) {
        return tenancy.asPlatform(() -> jdbc.sql("select count(*) from user_account where lower(username) = lower(?)")
                .param(username.strip())
                .query(Long.class).single() > 0);
    }

    @Override
    public boolean anyPlatformAdmin() {
        return tenancy.asPlatform(() -> jdbc.sql("select count(*) from user_account where role = 'PLATFORM_ADMIN'")
                .query(Long.class).single() > 0);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("No such account"));
    }

    Optional<CustodianUser> findByUsername(String username) {
        return tenancy.asPlatform(() -> jdbc.sql("select * from user_account where lower(username) = lower(?)")
                .param(username == null ? "" : username.strip())
                .query(JdbcUserAccounts::map)
                .optional());
    }

    Optional<CustodianUser> findById(UUID id) {
        return tenancy.asPlatform(() -> jdbc.sql("select * from user_account where id = ?")
                .param(id)
                .query(JdbcUserAccounts::map)
                .optional());
    }

    /** Called by Spring Security after a successful sign-in when the hash parameters have changed. */
    @Override
    public UserDetails updatePassword(UserDetails user, String newEncodedPassword) {
        CustodianUser account = (CustodianUser) user;
        tenancy.asPlatform(() -> jdbc.sql("update user_account set password_hash = ? where id = ?")
                .params(newEncodedPassword, account.id())
                .update());
        return findById(account.id()).orElseThrow();
    }

    void recordSignIn(UUID userId) {
        tenancy.asPlatform(() -> jdbc.sql("update user_account set last_sign_in_at = ? where id = ?")
                .params(java.sql.Timestamp.from(clock.instant()), userId).update());
    }

    void changePassword(UUID userId, String newPassword) {
        tenancy.asPlatform(() -> jdbc.sql(
                        "update user_account set password_hash = ?, must_change_password = false where id = ?")
                .params(passwordEncoder.encode(newPassword), userId)
                .update());
    }

    boolean passwordMatches(UUID userId, String password) {
        return findById(userId).map(user -> passwordEncoder.matches(password, user.getPassword())).orElse(false);
    }

    static CustodianUser map(ResultSet row, int rowNumber) throws SQLException {
        return new CustodianUser(
                row.getObject("id", UUID.class),
                row.getObject("school_id", UUID.class),
                row.getString("username"),
                row.getString("display_name"),
                Role.valueOf(row.getString("role")),
                row.getBoolean("enabled"),
                row.getBoolean("must_change_password"),
                row.getString("password_hash"));
    }
}
