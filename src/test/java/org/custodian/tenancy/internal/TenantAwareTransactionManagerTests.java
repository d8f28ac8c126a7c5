package org.custodian.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.custodian.tenancy.SchoolScoped;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant scope is resolved before a transaction takes its connection: resolving it may load the
 * session in a transaction of its own, and holding one connection while waiting for a second one
 * exhausted the pool under concurrent load.
 */
class TenantAwareTransactionManagerTests {

    private final CountingDataSource dataSource = new CountingDataSource();
    private final TenantAwareTransactionManager manager = new TenantAwareTransactionManager(dataSource);

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void resolvingTheSignedInUserNeverHoldsASecondConnection() {
        UUID school = UUID.randomUUID();
        // As the session repository does: the signed-in user comes from a session loaded in its own transaction.
        SecurityContextHolder.setDeferredContext(() -> {
            new TransactionTemplate(manager).executeWithoutResult(status -> { });
            return new SecurityContextImpl(new TestingAuthenticationToken((SchoolScoped) () -> school, null, "TEACHER"));
        });

        new TransactionTemplate(manager).executeWithoutResult(status -> { });

        assertThat(dataSource.mostOpenAtOnce.get()).isEqualTo(1);
        assertThat(dataSource.schoolSettings).containsExactly("", school.toString());
    }

    @Test
    void anExplicitScopeStillWins() {
        UUID school = UUID.randomUUID();
        TenantScope.setExplicit(TenantScope.school(school));
        try {
            new TransactionTemplate(manager).executeWithoutResult(status -> { });
        } finally {
            TenantScope.setExplicit(null);
        }

        assertThat(dataSource.schoolSettings).containsExactly(school.toString());
    }

    /** Hands out stand-in connections and records how many were open at once and the scope each got. */
    static final class CountingDataSource implements DataSource {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger mostOpenAtOnce = new AtomicInteger();
        final List<String> schoolSettings = new ArrayList<>();

        @Override
        public Connection getConnection() {
            mostOpenAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "close" -> {
                            open.decrementAndGet();
                            yield null;
                        }
                        case "getAutoCommit" -> true;
                        case "isReadOnly", "isClosed" -> false;
                        case "prepareStatement" -> statement();
                        default -> defaultValue(method.getReturnType());
                    });
        }

        private PreparedStatement statement() {
            return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                        if (method.getName().equals("setString") && (int) args[0] == 1) {
                            schoolSettings.add((String) args[1]);
                        }
                        return defaultValue(method.getReturnType());
                    });
        }

        private static Object defaultValue(Class<?> type) {
            if (type == boolean.class) {
                return false;
            }
            if (type == int.class) {
                return 0;
            }
            if (type == long.class) {
                return 0L;
            }
            return null;
        }

        @Override
        public Connection getConnection(String username, String password) {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
