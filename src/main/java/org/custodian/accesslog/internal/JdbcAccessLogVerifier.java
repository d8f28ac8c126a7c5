package org.custodian.accesslog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.accesslog.LoggedEntry;
import org.custodian.accesslog.internal.tree.Checkpoint;
import org.custodian.accesslog.internal.tree.CompactRange;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One pass over the school's leaves in position order (a server-side cursor, {@value #FETCH_SIZE}
 * rows at a time, beside a second cursor over its checkpoints), so a million entries never sit in
 * memory; only the recomputed subtree hashes at stored levels (a sixteenth of the leaves) are kept
 * until the stored ones are compared at the end.
 */
@Component
class JdbcAccessLogVerifier implements AccessLogVerifier {

    static final int FETCH_SIZE = 1000;

    private final JdbcTemplate jdbc;
    private final Tenancy tenancy;
    private final CheckpointSignatures signatures;
    private final AccessLogProperties properties;
    private final Clock clock;

    JdbcAccessLogVerifier(DataSource dataSource, Tenancy tenancy, CheckpointSignatures signatures,
                          AccessLogProperties properties, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tenancy = tenancy;
        this.signatures = signatures;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Verification verify(UUID schoolId) {
        return walk(schoolId, null);
    }

    @Override
    public Verification verify(UUID schoolId, String savedCheckpoint) {
        Optional<Checkpoint> saved = signatures.open(savedCheckpoint, schoolId);
        if (saved.isEmpty()) {
            return new Verification(schoolId, false, 0, 0, 0, 0, null, Problem.SAVED_CHECKPOINT_INVALID.code());
        }
        return walk(schoolId, saved.get());
    }

    private Verification walk(UUID schoolId, Checkpoint saved) {
        return tenancy.inSchool(schoolId, () -> jdbc.execute((ConnectionCallback<Verification>) connection -> {
            Walk walk = new Walk(schoolId, removedBelow(connection, schoolId), saved);
            walkLeavesAndCheckpoints(connection, walk);
            compareStoredNodes(connection, walk);
            long unintegrated = unintegrated(connection, schoolId);
            return walk.result(unintegrated);
        }));
    }

    private static long removedBelow(Connection connection, UUID schoolId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select coalesce(max(removed_below), 0) from access_log_removal where school_id = ?")) {
            statement.setObject(1, schoolId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void walkLeavesAndCheckpoints(Connection connection, Walk walk) throws SQLException {
        try (PreparedStatement leaves = connection.prepareStatement("""
                select l.position, l.leaf_hash, e.sequence is not null as entry_present, %s
                from access_log_leaf l
                left join access_log_entry e on e.school_id = l.school_id and e.sequence = l.entry_sequence
                where l.school_id = ? order by l.position""".formatted(prefixed(EntryRows.COLUMNS)));
             PreparedStatement checkpoints = connection.prepareStatement(
                     "select tree_size, root_hash, note from access_log_checkpoint where school_id = ? order by tree_size")) {
            leaves.setFetchSize(FETCH_SIZE);
            checkpoints.setFetchSize(FETCH_SIZE);
            leaves.setObject(1, walk.schoolId);
            checkpoints.setObject(1, walk.schoolId);
            try (ResultSet leafRows = leaves.executeQuery(); ResultSet checkpointRows = checkpoints.executeQuery()) {
                boolean moreCheckpoints = checkpointRows.next();
                while (leafRows.next()) {
                    walk.leaf(leafRows);
                    while (moreCheckpoints && checkpointRows.getLong(1) <= walk.range.size()) {
                        walk.checkpoint(checkpointRows.getLong(1), checkpointRows.getBytes(2), checkpointRows.getString(3));
                        moreCheckpoints = checkpointRows.next();
                    }
                }
                while (moreCheckpoints) {
                    walk.checkpoint(checkpointRows.getLong(1), checkpointRows.getBytes(2), checkpointRows.getString(3));
                    moreCheckpoints = checkpointRows.next();
                }
            }
        }
    }

    private static void compareStoredNodes(Connection connection, Walk walk) throws SQLException {
        try (PreparedStatement nodes = connection.prepareStatement(
                "select level, index, hash from access_log_node where school_id = ? order by level, index")) {
            nodes.setFetchSize(FETCH_SIZE);
            nodes.setObject(1, walk.schoolId);
            try (ResultSet rs = nodes.executeQuery()) {
                while (rs.next()) {
                    walk.storedNode(rs.getInt(1), rs.getLong(2), rs.getBytes(3));
                }
            }
        }
    }

    private long unintegrated(Connection connection, UUID schoolId) throws SQLException {
        OffsetDateTime before = clock.instant().minus(properties.integrationAlarm()).atOffset(ZoneOffset.UTC);
        try (PreparedStatement statement = connection.prepareStatement("""
                select count(*) from access_log_entry e
                where e.school_id = ? and e.occurred_at < ?
                  and not exists (select 1 from access_log_leaf l
                                  where l.school_id = e.school_id and l.entry_sequence = e.sequence)""")) {
            statement.setObject(1, schoolId);
            statement.setObject(2, before);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String prefixed(String columns) {
        return Arrays.stream(columns.split(","))
                .map(String::strip)
                .map(column -> "e." + column)
                .reduce((a, b) -> a + ", " + b)
                .orElseThrow();
    }

    /** The pass's state; keeps the earliest break found. */
    private final class Walk {

        private final UUID schoolId;
        private final long removedBelow;
        private final CompactRange range = CompactRange.empty();
        /** Recomputed subtree hashes at stored levels: index {@code level / 4 - 1}, then by subtree index. */
        private final List<List<byte[]>> computedNodes = new ArrayList<>();
        private long checkpointsChecked;
        private long lastCheckpointSize;
        private long removed;
        private final Checkpoint saved;
        private Long brokenAt;
        private Problem problem;

        Walk(UUID schoolId, long removedBelow, Checkpoint saved) {
            this.schoolId = schoolId;
            this.removedBelow = removedBelow;
            this.saved = saved;
        }

        void leaf(ResultSet rs) throws SQLException {
            if (problem != null) {
                return;
            }
            long position = rs.getLong("position");
            byte[] leafHash = rs.getBytes("leaf_hash");
            if (position != range.size()) {
                broken(range.size(), Problem.POSITION_MISSING);
                return;
            }
            if (!rs.getBoolean("entry_present")) {
                if (position >= removedBelow) {
                    broken(position, Problem.ENTRY_MISSING);
                    return;
                }
                removed++;
            } else {
                LoggedEntry entry = EntryRows.read(rs);
                if (!Arrays.equals(entry.leafHash(), leafHash)) {
                    broken(position, Problem.LEAF_HASH);
                    return;
                }
            }
            for (CompactRange.Subtree subtree : range.append(leafHash)) {
                int slot = subtree.level() / CompactRange.STORED_LEVEL_STEP - 1;
                while (computedNodes.size() <= slot) {
                    computedNodes.add(new ArrayList<>());
                }
                computedNodes.get(slot).add(subtree.hash());
            }
            if (saved != null && saved.size() == range.size() && !Arrays.equals(saved.root(), range.root())) {
                broken(position, Problem.HISTORY_FORKS);
            }
        }

        void checkpoint(long size, byte[] root, String note) {
            if (problem != null) {
                return;
            }
            if (size > range.size()) {
                broken(range.size(), Problem.CHECKPOINT_BEYOND_TREE);
            } else if (size < range.size()) {
                // Only reachable when a leaf's break stopped the walk before this size.
                broken(size, Problem.POSITION_MISSING);
            } else if (!Arrays.equals(root, range.root())) {
                broken(size - 1, Problem.CHECKPOINT_ROOT);
            } else if (!signatures.verifies(note, schoolId, size, root)) {
                broken(size - 1, Problem.CHECKPOINT_SIGNATURE);
            } else {
                checkpointsChecked++;
                lastCheckpointSize = size;
            }
        }

        void storedNode(int level, long index, byte[] hash) {
            int slot = level / CompactRange.STORED_LEVEL_STEP - 1;
            List<byte[]> computed = slot < computedNodes.size() ? computedNodes.get(slot) : List.of();
            if (index >= computed.size() || !Arrays.equals(computed.get((int) index), hash)) {
                long firstLeaf = index << level;
                if (brokenAt == null || firstLeaf < brokenAt) {
                    brokenAt = firstLeaf;
                    problem = Problem.NODE_HASH;
                }
            }
        }

        private void broken(long position, Problem found) {
            brokenAt = position;
            problem = found;
        }

        Verification result(long unintegrated) {
            Problem reported = problem;
            Long position = brokenAt;
            if (reported == null && lastCheckpointSize < range.size()) {
                reported = Problem.LEAVES_WITHOUT_CHECKPOINT;
                position = lastCheckpointSize;
            }
            if (reported == null && saved != null && saved.size() > range.size()) {
                reported = Problem.TRUNCATED;
                position = range.size();
            }
            if (reported == null && unintegrated > 0) {
                reported = Problem.ENTRY_NOT_INTEGRATED;
            }
            return new Verification(schoolId, reported == null, range.size(), checkpointsChecked, removed,
                    unintegrated, position, reported == null ? null : reported.code());
        }
    }
}
