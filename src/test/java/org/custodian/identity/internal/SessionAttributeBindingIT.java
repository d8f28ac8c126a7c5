package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A session's attributes are bound to that session's primary id: the signed-in user copied (in SQL,
 * as the table owner) from an admin's session into a teacher's is refused, so the teacher's session
 * is simply not signed in (no 500), while the admin's own session carries on.
 */
@CustodianTest
class SessionAttributeBindingIT {

    private static final String SECURITY_CONTEXT = "SPRING_SECURITY_CONTEXT";

    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseOwner databaseOwner;
    @LocalServerPort int port;

    @Test
    void theSignedInUserCopiedIntoAnotherSessionIsRefusedWhileTheOriginalStillWorks() {
        UUID school = fixtures.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        CustodianUser teacher = fixtures.user(school, Role.TEACHER);
        Browser adminBrowser = fixtures.signedIn(port, admin);
        Browser teacherBrowser = fixtures.signedIn(port, teacher);
        assertThat(teacherBrowser.get("/school/sessions").statusCode()).as("a teacher's own session").isEqualTo(403);

        String adminSession = primaryIdOf(admin);
        String teacherSession = primaryIdOf(teacher);
        asOwner("""
                update spring_session_attributes set attribute_bytes = (select attribute_bytes
                  from spring_session_attributes where session_primary_id = ? and attribute_name = ?)
                 where session_primary_id = ? and attribute_name = ?""",
                adminSession, SECURITY_CONTEXT, teacherSession, SECURITY_CONTEXT);

        var copied = teacherBrowser.get("/school/sessions");
        assertThat(copied.statusCode()).as("not signed in: sent to sign in").isEqualTo(302);
        assertThat(copied.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(adminBrowser.get("/school/sessions").statusCode()).isEqualTo(200);
    }

    private String primaryIdOf(CustodianUser user) {
        return jdbc.sql("select primary_id from spring_session where principal_name = ?")
                .param(user.id().toString()).query(String.class).single();
    }

    private void asOwner(String sql, String... values) {
        try (Connection connection = databaseOwner.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            assertThat(statement.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
