package org.custodian.database.internal;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to run if the role the application connects as could step around row-level security or
 * reach the server's files: a superuser, a role with BYPASSRLS, the owner of any table (owners
 * bypass policies they are not forced to obey, and can drop them), or a member of the roles that
 * read or write server files or run programs. Checked before the web server takes requests, for the
 * embedded database and an external one alike.
 */
@Component
class AppRoleCheck implements SmartInitializingSingleton {

    private static final List<String> SERVER_FILE_ROLES =
            List.of("pg_read_server_files", "pg_write_server_files", "pg_execute_server_program");

    private final JdbcClient jdbc;

    AppRoleCheck(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Custodian refuses to run: the database role it connects as "
                    + String.join("; ", problems) + ". Connect as a role without these privileges "
                    + "(spring.datasource.username)");
        }
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        String role = jdbc.sql("select current_user").query(String.class).single();
        Boolean superuser = jdbc.sql("select rolsuper from pg_roles where rolname = current_user")
                .query(Boolean.class).single();
        Boolean bypassRls = jdbc.sql("select rolbypassrls from pg_roles where rolname = current_user")
                .query(Boolean.class).single();
        if (Boolean.TRUE.equals(superuser)) {
            problems.add("(" + role + ") is a superuser, which bypasses row-level security");
        }
        if (Boolean.TRUE.equals(bypassRls)) {
            problems.add("(" + role + ") has BYPASSRLS");
        }
        List<String> owned = jdbc.sql("""
                select n.nspname || '.' || c.relname
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where c.relowner = (select oid from pg_roles where rolname = current_user)
                   and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
                   and c.relpersistence <> 't'
                   and n.nspname not in ('pg_catalog', 'information_schema')
                 order by 1 limit 5""").query(String.class).list();
        if (!owned.isEmpty()) {
            problems.add("owns tables (" + String.join(", ", owned) + ") and so is not bound by their policies");
        }
        for (String serverRole : SERVER_FILE_ROLES) {
            Boolean member = jdbc.sql("select pg_has_role(current_user, :role, 'MEMBER')")
                    .param("role", serverRole).query(Boolean.class).single();
            if (Boolean.TRUE.equals(member)) {
                problems.add("is a member of " + serverRole);
            }
        }
        return problems;
    }
}
