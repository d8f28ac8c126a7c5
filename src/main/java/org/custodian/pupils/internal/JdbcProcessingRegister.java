package org.custodian.pupils.internal;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.custodian.identity.Role;
import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.Purpose;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the register once: the application role cannot change it (migrations own it), so it cannot
 * go stale while the application runs.
 */
@Component
class JdbcProcessingRegister implements ProcessingRegister {

    private final JdbcClient jdbc;
    private volatile Register register;

    /** The register split by whose data each purpose concerns. */
    private record Register(List<Purpose> pupils, List<Purpose> staff) {
    }

    JdbcProcessingRegister(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Purpose> purposes() {
        return register().pupils();
    }

    @Override
    public List<Purpose> staffPurposes() {
        return register().staff();
    }

    private Register register() {
        Register loaded = register;
        if (loaded == null) {
            record Row(Purpose purpose, boolean staff) {
            }
            List<Row> rows = jdbc.sql("""
                            select code, description, lawful_basis, allowed_roles, default_for, reason_required, may_change,
                                   data_subjects = 'STAFF' as staff
                            from processing_purpose order by position""")
                    .query((row, n) -> new Row(new Purpose(row.getString("code"), row.getString("description"),
                            row.getString("lawful_basis"), roles(row.getArray("allowed_roles")),
                            roles(row.getArray("default_for")), row.getBoolean("reason_required"),
                            row.getBoolean("may_change")), row.getBoolean("staff")))
                    .list();
            loaded = new Register(rows.stream().filter(r -> !r.staff()).map(Row::purpose).toList(),
                    rows.stream().filter(Row::staff).map(Row::purpose).toList());
            register = loaded;
        }
        return loaded;
    }

    @Override
    public List<Activity> activities() {
        List<Purpose> all = new java.util.ArrayList<>(purposes());
        all.addAll(staffPurposes());
        return jdbc.sql("""
                        select code, data_subjects, art9_condition, retention_category, recipients
                        from processing_purpose order by position""")
                .query((row, n) -> {
                    String code = row.getString("code");
                    Purpose purpose = all.stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
                    return new Activity(purpose, row.getString("data_subjects"), row.getString("art9_condition"),
                            row.getString("retention_category"),
                            List.of((String[]) row.getArray("recipients").getArray()));
                })
                .list();
    }

    @Override
    public Optional<Purpose> find(String code) {
        return purposes().stream().filter(purpose -> purpose.code().equals(code)).findFirst();
    }

    private static Set<Role> roles(Array array) throws SQLException {
        Set<Role> roles = Arrays.stream((String[]) array.getArray()).map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        return roles;
    }
}
