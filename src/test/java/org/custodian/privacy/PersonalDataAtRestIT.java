package org.custodian.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.custodian.crypto.SubjectKeys;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.StaffAccounts;
import org.custodian.identity.UserAccounts;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.SchoolRegistration;
import org.custodian.schools.Schools;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * "Plaintext personal data never reaches PostgreSQL": after creating a school (with its contact),
 * accounts (created, invited, signed in) and an agreement acceptance, no name or email of theirs is
 * found in any text or bytea column of any table, read raw through the app role in the platform
 * scope and in the school's scope. Lookups by username go through the blind index, case-insensitively.
 */
@CustodianTest
class PersonalDataAtRestIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired Schools schools;
    @Autowired UserAccounts accounts;
    @Autowired InformationSharingAgreements agreements;
    @Autowired UserDetailsService users;
    @Autowired StaffAccounts staff;
    @Autowired SubjectKeys keys;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Test
    void noFixtureNameOrEmailIsStoredInTheClearAnywhere() {
        String n = UUID.randomUUID().toString().substring(0, 8);
        SchoolRegistration base = fixtures.registration();
        var registered = schools.register(new SchoolRegistration(base.urn(), base.laCode(), base.establishmentNumber(),
                base.name(), base.nation(), "Zephyrine Quillfeather", "zephyrine." + n + "@example.com",
                "Ottoline Brackenridge", "ottoline." + n + "@example.com"), null);
        UUID school = registered.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        accounts.rename(admin.id(), new PersonName("Barnaby Thistlewood"));
        accounts.create(null, "Percival." + n + "@Example.com", new PersonName("Percival Ravenscroft"),
                Role.SUPPORT);
        String hash = agreements.current().orElseThrow().contentHash();
        agreements.accept(school, hash, "Cressida Wolstenholme", "Headteacher", "127.0.0.1", admin);
        Browser browser = fixtures.signedIn(port, admin);
        var invited = browser.postForm("/school/users/invite", "/school/users/invite",
                Map.of("name", "Fenella Marchbanks", "email", "fenella." + n + "@example.com", "role", "TEACHER"));
        assertThat(invited.statusCode()).isEqualTo(302);

        List<String> needles = List.of("Zephyrine", "Quillfeather", "zephyrine." + n, "Ottoline", "Brackenridge",
                "ottoline." + n, "Barnaby", "Thistlewood", admin.getUsername(), "Percival", "Ravenscroft",
                "percival." + n, "Cressida", "Wolstenholme", "Fenella", "Marchbanks", "fenella." + n);
        List<String> found = new ArrayList<>();
        found.addAll(tenancy.asPlatform(() -> scan(needles)));
        found.addAll(tenancy.inSchool(school, () -> scan(needles)));
        assertThat(found).isEmpty();
        // The scan does read every table: a value that is not personal data (the school's name) is found.
        assertThat(tenancy.asPlatform(() -> scan(List.of(base.name())))).contains("school.name holds " + base.name());

        // The pages still show what is stored only encrypted (decrypted on the way out).
        assertThat(browser.get("/school/users").body()).contains("Fenella Marchbanks", "fenella." + n + "@example.com");
        assertThat(agreements.acceptances(school, admin).get(0).signerName().value()).isEqualTo("Cressida Wolstenholme");
        assertThat(schools.get(school, admin).contactEmail().value()).isEqualTo("zephyrine." + n + "@example.com");
        assertThat(accounts.usernameTaken("ottoline." + n + "@example.com")).isTrue();
    }

    @Test
    void theBlindIndexFindsAccountsWhateverTheCaseOfTheUsername() {
        String n = UUID.randomUUID().toString().substring(0, 8);
        String username = "Imogen.Hartwell-" + n + "@Example.com";
        UUID school = fixtures.school().id();
        var created = accounts.create(school, username, new PersonName("Imogen Hartwell"), Role.TEACHER);
        var platform = accounts.create(null, "support-" + n + "@example.com", new PersonName("Rupert Ashdown"),
                Role.SUPPORT);

        for (String variant : List.of(username, username.toLowerCase(Locale.ROOT), username.toUpperCase(Locale.ROOT),
                "  " + username + " ")) {
            CustodianUser found = (CustodianUser) users.loadUserByUsername(variant);
            assertThat(found.id()).isEqualTo(created.id());
            assertThat(found.getUsername()).isEqualTo(username);
            assertThat(found.displayName()).isEqualTo("Imogen Hartwell");
            assertThat(accounts.usernameTaken(variant)).isTrue();
        }
        CustodianUser support = (CustodianUser) users.loadUserByUsername("SUPPORT-" + n + "@EXAMPLE.COM");
        assertThat(support.id()).isEqualTo(platform.id());
        assertThat(support.displayName()).isEqualTo("Rupert Ashdown");
        assertThat(accounts.usernameTaken("imogen.hartwell-" + n + "@example.org")).isFalse();

        // Uniqueness is global and case-insensitive, enforced on the index.
        UUID otherSchool = fixtures.school().id();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.create(otherSchool,
                        username.toUpperCase(Locale.ROOT), new PersonName("Someone Else"), Role.TEACHER))
                .hasMessageContaining("already in use");
        assertThat(tenancy.asPlatform(() -> jdbc.sql("select count(*) from user_account where username_index = ?")
                .param(tenancy.asPlatform(() -> jdbc.sql("select username_index from user_account where id = ?")
                        .param(created.id()).query(byte[].class).single()))
                .query(Long.class).single())).isEqualTo(1);
    }

    @Test
    void destroyingAStaffMembersDataKeyErasesTheirNameAndEmail() {
        String n = UUID.randomUUID().toString().substring(0, 8);
        UUID school = fixtures.school().id();
        var created = accounts.create(school, "wilhelmina." + n + "@example.com", new PersonName("Wilhelmina Crabtree"),
                Role.TEACHER);
        assertThat(staff.of(school)).extracting(StaffAccounts.StaffAccount::displayName).contains("Wilhelmina Crabtree");

        keys.destroy(school, created.id());

        var erased = staff.of(school).stream().filter(account -> account.id().equals(created.id())).findFirst()
                .orElseThrow();
        assertThat(erased.displayName()).isEqualTo("Erased user");
        assertThat(erased.username()).doesNotContain("wilhelmina");
        // The index still holds the address, so it cannot be taken by someone else meanwhile.
        assertThat(accounts.usernameTaken("wilhelmina." + n + "@example.com")).isTrue();
    }

    /** "table.column" for every text-like or bytea value (as UTF-8 and Latin-1) containing a needle. */
    private List<String> scan(List<String> needles) {
        List<String> found = new ArrayList<>();
        record Column(String table, String column, String type) { }
        List<Column> columns = jdbc.sql("""
                        select c.table_name, c.column_name, c.data_type from information_schema.columns c
                          join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                         where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
                           and c.data_type in ('text', 'character varying', 'character', 'bytea', 'ARRAY', 'jsonb', 'json')
                           and c.table_name not like 'flyway%'""")
                .query((rs, i) -> new Column(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        for (Column column : columns) {
            String select = "select \"" + column.column() + "\"" + (column.type().equals("bytea") ? "" : "::text")
                    + " from \"" + column.table() + "\"";
            List<String> values = column.type().equals("bytea")
                    ? jdbc.sql(select).query((rs, i) -> asText(rs.getBytes(1))).list()
                    : jdbc.sql(select).query((rs, i) -> rs.getString(1)).list();
            for (String value : values) {
                String lower = value == null ? "" : value.toLowerCase(Locale.ROOT);
                needles.stream().filter(needle -> lower.contains(needle.toLowerCase(Locale.ROOT)))
                        .forEach(needle -> found.add(column.table() + "." + column.column() + " holds " + needle));
            }
        }
        return found;
    }

    private static String asText(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8) + "\n"
                + new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
