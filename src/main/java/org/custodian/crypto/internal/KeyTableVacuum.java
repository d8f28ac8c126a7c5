package org.custodian.crypto.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * A deleted or replaced row stays in its table's file as a dead tuple until VACUUM; a destroyed key
 * must not. On every instance, on a schedule: if the key tables hold dead tuples (erasures, purges,
 * rotations, re-wraps since the last run), one instance (advisory try-lock) vacuums them. Plain VACUUM
 * only marks the space free and leaves the old bytes in the page until they are overwritten, so by
 * default it is {@code VACUUM FULL}: the table is rewritten without them (the key tables are small,
 * and the lock is held for that rewrite only).
 */
@Component
@EnableScheduling
class KeyTableVacuum implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(KeyTableVacuum.class);
    static final List<String> TABLES = List.of("subject_data_key", "school_keyset", "erased_subject");
    /** Advisory lock key: "custodian key vacuum". */
    static final long LOCK = 0x6b657976616320L;

    private final KeyDatabase database;
    private final KeyStoreProperties properties;

    KeyTableVacuum(KeyDatabase database, KeyStoreProperties properties) {
        this.database = database;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.vacuumInterval().isZero()) {
            registrar.addFixedDelayTask(this::vacuumLogged, properties.vacuumInterval());
        }
    }

    private void vacuumLogged() {
        try {
            if (vacuum(false)) {
                log.info("Vacuumed the key tables: no dead tuple keeps a destroyed key");
            }
        } catch (RuntimeException e) {
            log.error("Could not vacuum the key tables: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Vacuums the key tables if they hold dead tuples, or always when {@code evenIfClean}. False if
     * there was nothing to do or another instance is vacuuming them.
     */
    boolean vacuum(boolean evenIfClean) {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true); // VACUUM cannot run inside a transaction
            if (!evenIfClean && deadTuples(statement) == 0) {
                return false;
            }
            if (!bool(statement, "select pg_try_advisory_lock(" + LOCK + ")")) {
                return false;
            }
            try {
                statement.execute("vacuum (" + (properties.vacuumFull() ? "full, " : "") + "analyze) "
                        + String.join(", ", TABLES));
            } finally {
                bool(statement, "select pg_advisory_unlock(" + LOCK + ")");
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not vacuum the key tables (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static long deadTuples(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("select coalesce(sum(n_dead_tup), 0) from pg_stat_user_tables "
                + "where schemaname = 'public' and relname in ('" + String.join("', '", TABLES) + "')")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static boolean bool(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getBoolean(1);
        }
    }
}
