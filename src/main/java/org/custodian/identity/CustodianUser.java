package org.custodian.identity;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.tenancy.SchoolScoped;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in person. School users are scoped to their school for every transaction they run;
 * platform staff ({@code schoolId == null}) see no school's rows unless a service scopes the work.
 */
public final class CustodianUser implements UserDetails, CredentialsContainer, SchoolScoped {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The username of every API-token principal (tokens are not accounts). */
    public static final String API_TOKEN_USERNAME = "api-token";

    private final UUID id;
    private final UUID schoolId;
    private final String username;
    private final String displayName;
    private final Role role;
    private final boolean enabled;
    private final boolean mustChangePassword;
    /** An API token's scopes (e.g. {@code import}); null for people. */
    private final Set<String> scopes;
    private String passwordHash;

    public CustodianUser(UUID id, UUID schoolId, String username, String displayName, Role role,
                         boolean enabled, boolean mustChangePassword, String passwordHash) {
        this(id, schoolId, username, displayName, role, enabled, mustChangePassword, passwordHash, null);
    }

    private CustodianUser(UUID id, UUID schoolId, String username, String displayName, Role role,
                          boolean enabled, boolean mustChangePassword, String passwordHash, Set<String> scopes) {
        this.id = id;
        this.schoolId = schoolId;
        this.username = username;
        this.displayName = displayName;
        this.role = role;
        this.enabled = enabled;
        this.mustChangePassword = mustChangePassword;
        this.passwordHash = passwordHash;
        this.scopes = scopes == null ? null : Set.copyOf(scopes);
    }

    /**
     * The principal of a request made with one of a school's API tokens: not a person, so its id is
     * the token's and its name the token's label. It holds the {@link Role#MIS_CONNECTOR} role and
     * one {@code SCOPE_<scope>} authority per scope.
     */
    public static CustodianUser apiToken(UUID tokenId, UUID schoolId, String label, Set<String> scopes) {
        return new CustodianUser(tokenId, schoolId, API_TOKEN_USERNAME, label, Role.MIS_CONNECTOR, true, false, null,
                scopes);
    }

    /** Whether this principal is an API token rather than a person. */
    public boolean isApiToken() {
        return scopes != null;
    }

    /** An API token's scopes; empty for people. */
    public Set<String> scopes() {
        return scopes == null ? Set.of() : scopes;
    }

    public UUID id() {
        return id;
    }

    @Override
    public UUID schoolId() {
        return schoolId;
    }

    public String displayName() {
        return displayName;
    }

    public Role role() {
        return role;
    }

    public boolean mustChangePassword() {
        return mustChangePassword;
    }

    public boolean isPlatformStaff() {
        return role.isPlatform();
    }

    /** The school of a school user; refuses platform staff, who have none, on pages about one's own school. */
    public UUID ownSchoolId() {
        if (schoolId == null) {
            throw org.custodian.web.ProblemException.forbidden("school-staff-only",
                    "These pages are for a school's own staff.");
        }
        return schoolId;
    }

    /** Whether this user may act for the given school: its own staff, or a platform admin. */
    public boolean mayActFor(UUID school) {
        return role == Role.PLATFORM_ADMIN || (schoolId != null && schoolId.equals(school));
    }

    public CustodianUser withPasswordChanged() {
        return new CustodianUser(id, schoolId, username, displayName, role, enabled, false, null);
    }

    /** The role and its permissions: granted only once sign-in is complete (see the identity module). */
    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> authorities = new java.util.ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(role.authority()));
        role.permissions().forEach(p -> authorities.add(new SimpleGrantedAuthority(p.authority())));
        scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
        return authorities;
    }

    public boolean has(Permission permission) {
        return role.has(permission);
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CustodianUser user && user.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Ids and role only: the username and name are personal data. */
    @Override
    public String toString() {
        return "CustodianUser[id=" + id + ", school=" + schoolId + ", role=" + role + "]";
    }
}
