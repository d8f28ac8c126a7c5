package org.custodian.identity.internal;

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
    private final AccountFields fields;

    JdbcUserAccounts(JdbcClient jdbc, Tenancy tenancy, PasswordEncoder passwordEncoder, Clock clock,
                     AccountFields fields) {
        this.fields = fields;
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
            var sealed = fields.seal(id, schoolId, username.strip(), displayName.value());
            jdbc.sql("""
                    insert into user_account (id, school_id, username_index, username_ciphertext,
                                              display_name_ciphertext, password_hash, role,
                                              must_change_password, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, true, ?)""")
                    .params(id, schoolId, sealed.usernameIndex(), sealed.username(), sealed.displayName(),
                            passwordEncoder.encode(password.value()), role.name(),
                            java.sql.Timestamp.from(clock.instant()))
                    .update();
        });
        return new NewAccount(id, username.strip(), password);
    }

    @Override
    public boolean usernameTaken(String username) {
        // A removed account's username is free again (see V4__staff_users.sql).
        byte[] index = fields.usernameIndex(username);
        return tenancy.asPlatform(() -> jdbc.sql(
                        "select count(*) from user_account where username_index = ? and removed_at is null "
                                + "and not address_held_elsewhere")
                .param(index)
                .query(Long.class).single() > 0);
    }

    @Override
    public void rename(UUID userId, PersonName displayName) {
        tenancy.asPlatform(() -> {
            CustodianUser user = findById(userId).orElseThrow(() -> new IllegalArgumentException("No such account"));
            jdbc.sql("update user_account set display_name_ciphertext = ? where id = ?")
                    .params(fields.encrypt(userId, user.schoolId(), AccountFields.DISPLAY_NAME, displayName.value()),
                            userId)
                    .update();
        });
    }

    @Override
    public java.util.List<String> platformAdminUsernames() {
        return tenancy.asPlatform(() -> jdbc.sql("select * from user_account where role = 'PLATFORM_ADMIN' and username_ciphertext is not null")
                .query((row, n) -> fields.username(row)).list());
    }

    @Override
    public java.util.Map<UUID, String> supportEngineers() {
        java.util.Map<UUID, String> engineers = new java.util.LinkedHashMap<>();
        tenancy.asPlatform(() -> jdbc.sql(
                        "select * from user_account where role = 'SUPPORT' and enabled and removed_at is null")
                .query(fields::user).list())
                .stream().sorted(java.util.Comparator.comparing(CustodianUser::displayName))
                .forEach(user -> engineers.put(user.id(), user.displayName()));
        return engineers;
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

    /**
     * Removed accounts are not found: to sign-in they look exactly like unknown ones. Nor are
     * invitations for an address held elsewhere (the address belongs to the account that holds it).
     */
    Optional<CustodianUser> findByUsername(String username) {
        byte[] index = fields.usernameIndex(username);
        return tenancy.asPlatform(() -> jdbc.sql(
                        "select * from user_account where username_index = ? and removed_at is null "
                                + "and not address_held_elsewhere")
                .param(index)
                .query(fields::user)
                .optional());
    }

    /** The school's enabled admins: who hears about the school's API tokens running out. */
    java.util.List<CustodianUser> schoolAdmins(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("""
                        select * from user_account
                         where school_id = ? and role = 'SCHOOL_ADMIN' and enabled and removed_at is null""")
                .param(schoolId)
                .query(fields::user)
                .list());
    }

    Optional<CustodianUser> findById(UUID id) {
        return tenancy.asPlatform(() -> jdbc.sql("select * from user_account where id = ?")
                .param(id)
                .query(fields::user)
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
}
