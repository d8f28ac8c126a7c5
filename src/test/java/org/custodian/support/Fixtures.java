package org.custodian.support;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.UserAccounts;
import org.custodian.privacy.PersonName;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.Nation;
import org.custodian.schools.School;
import org.custodian.schools.SchoolRegistration;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Obviously fake schools and accounts, built through the application's own services. */
@TestComponent
public class Fixtures {

    /** Every fixture account gets this password (it satisfies the password policy). */
    public static final String PASSWORD = "Fixture-Passw0rd";

    private static final AtomicInteger SEQUENCE = new AtomicInteger(ThreadLocalRandom.current().nextInt(10_000, 80_000));

    private final Schools schools;
    private final UserAccounts accounts;
    private final InformationSharingAgreements agreements;
    private final UserDetailsService users;
    private final PasswordEncoder passwordEncoder;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final TestClock clock;
    /** The authenticator key of each fixture account that has enrolled, as its phone would hold it. */
    private final java.util.Map<UUID, String> authenticatorKeys = new java.util.concurrent.ConcurrentHashMap<>();

    Fixtures(Schools schools, UserAccounts accounts, InformationSharingAgreements agreements,
             UserDetailsService users, PasswordEncoder passwordEncoder, Tenancy tenancy, JdbcClient jdbc,
             TestClock clock) {
        this.clock = clock;
        this.schools = schools;
        this.accounts = accounts;
        this.agreements = agreements;
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.tenancy = tenancy;
        this.jdbc = jdbc;
    }

    /** A fresh registration with unique URN and DfE number (URNs 1xxxxx, LA codes 9xx: not real). */
    public SchoolRegistration registration() {
        int n = SEQUENCE.incrementAndGet();
        return new SchoolRegistration(String.valueOf(100_000 + n), "9" + String.format("%02d", n % 100),
                String.format("%04d", n % 10_000), "Test School " + n, Nation.ENGLAND, "Contact Person",
                "contact" + n + "@example.com", null, null);
    }

    public School school() {
        return schools.register(registration(), null).school();
    }

    /** A signed-in-ready account (password {@link #PASSWORD}, no forced change). */
    public CustodianUser user(UUID schoolId, Role role) {
        String username = role.name().toLowerCase() + "." + UUID.randomUUID() + "@example.com";
        var account = accounts.create(schoolId, username, new PersonName("Test " + role.name()), role);
        tenancy.asPlatform(() -> jdbc.sql(
                        "update user_account set password_hash = ?, must_change_password = false where id = ?")
                .params(passwordEncoder.encode(PASSWORD), account.id()).update());
        return (CustodianUser) users.loadUserByUsername(username);
    }

    public CustodianUser platformAdmin() {
        return user(null, Role.PLATFORM_ADMIN);
    }

    public CustodianUser schoolAdmin(UUID schoolId) {
        return user(schoolId, Role.SCHOOL_ADMIN);
    }

    /** The school's admin accepts the agreement version currently in force. */
    public void acceptAgreement(UUID schoolId, CustodianUser schoolAdmin) {
        String hash = agreements.current().orElseThrow().contentHash();
        agreements.accept(schoolId, hash, "Test Signer", "Headteacher", "127.0.0.1", schoolAdmin);
    }

    /**
     * Signs in through the real pages like a person: password, then the authenticator code (the
     * first time, enrolment from the key shown on the set-up page). Returns the signed-in browser.
     */
    public Browser signedIn(int port, CustodianUser user) {
        return signedIn(new Browser(port), user);
    }

    /** As {@link #signedIn(int, CustodianUser)}, in the given browser (e.g. one that sends extra headers). */
    public Browser signedIn(Browser browser, CustodianUser user) {
        var response = browser.signIn(user.getUsername(), PASSWORD);
        String next = response.headers().firstValue("Location").orElseThrow();
        if (next.endsWith("/account/two-factor/setup")) {
            String key = manualKey(browser.get("/account/two-factor/setup").body());
            authenticatorKeys.put(user.id(), key);
            browser.postForm("/account/two-factor/setup", "/account/two-factor/setup",
                    java.util.Map.of("code", Totp.code(key, clock.instant())));
            next = browser.postForm("/login", "/account/two-factor/setup/done", java.util.Map.of())
                    .headers().firstValue("Location").orElseThrow();
        } else if (next.endsWith("/sign-in/two-factor")) {
            next = browser.postForm("/sign-in/two-factor", "/sign-in/two-factor",
                    java.util.Map.of("code", nextCode(user))).headers().firstValue("Location").orElseThrow();
        }
        if (next.contains("/login") || next.contains("/sign-in/") || next.contains("/account/")) {
            throw new IllegalStateException("Sign-in did not complete: " + next);
        }
        return browser;
    }

    /** A code the user's authenticator shows in the next 30-second step (each code is accepted once). */
    public String nextCode(CustodianUser user) {
        clock.advance(java.time.Duration.ofSeconds(30));
        return Totp.code(authenticatorKeys.get(user.id()), clock.instant());
    }

    public String authenticatorKey(CustodianUser user) {
        return authenticatorKeys.get(user.id());
    }

    static String manualKey(String setupPage) {
        var matcher = java.util.regex.Pattern.compile("id=\"manual-key\"[^>]*>([A-Z2-7 ]+)<").matcher(setupPage);
        if (!matcher.find()) {
            throw new IllegalStateException("No authenticator key on the set-up page");
        }
        return matcher.group(1).replace(" ", "");
    }

    /**
     * An obviously fake pupil as the API takes it: a UPN with a valid check letter in the fake LA
     * range 9xx, made-up names, a date of birth that makes the pupil 11.
     */
    public TestPupil newPupil() {
        int n = SEQUENCE.incrementAndGet();
        String body = String.format("%03d%04d%02d%03d", 900 + n % 100, n % 10_000, 26, n % 1000);
        String upn = org.custodian.pupils.Upn.checkLetter(body) + body;
        String letters = fakeLetters(n);
        java.time.LocalDate dob = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)
                .minusYears(11).minusDays(n % 300);
        return new TestPupil(upn, "Fakeforename" + letters, "Fakesurname" + letters, dob.toString());
    }

    /** Distinct lower-case letters for each n, so names differ between fixtures. */
    private static String fakeLetters(int n) {
        StringBuilder letters = new StringBuilder();
        for (int rest = n; rest > 0; rest /= 26) {
            letters.append((char) ('a' + rest % 26));
        }
        return letters.toString();
    }

    /** A made-up pupil: name, UPN and date of birth (the values a raw-table scan looks for). */
    public record TestPupil(String upn, String forename, String surname, String dateOfBirth) {
        public String json() {
            return json("");
        }

        /** The record as JSON, with extra members (e.g. {@code ", \"categories\": {...}"}) appended. */
        public String json(String extra) {
            return """
                    {"upn": "%s", "forename": "%s", "surname": "%s", "dateOfBirth": "%s", "sex": "F",
                     "ncYear": "7", "admissionNumber": "A%s", "registrationGroup": "7A", "classes": ["7A/Ma1"]%s}"""
                    .formatted(upn, forename, surname, dateOfBirth, upn.substring(8), extra);
        }
    }

    /** Inserts a bare pupil row for the school (tenancy tests need only the id). */
    public UUID pupil(UUID schoolId) {
        UUID id = UUID.randomUUID();
        tenancy.inSchool(schoolId, () -> jdbc.sql("insert into pupil (school_id, id, created_at) values (?, ?, now())")
                .params(schoolId, id).update());
        return id;
    }
}
