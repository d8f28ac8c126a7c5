package org.custodian.accesslog.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.custodian.accesslog.internal.tree.MerkleProofs.NodeId;
import org.custodian.accesslog.internal.tree.MerkleProofs.StoredHashes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads a school's tree for proofs and exports: checkpoints, leaves and stored subtree hashes. Every
 * method runs in the caller's school transaction.
 */
@Component
class JdbcAccessLogTree {

    static final int EXPORT_FETCH_SIZE = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate cursor;

    JdbcAccessLogTree(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(EXPORT_FETCH_SIZE);
    }

    record StoredCheckpoint(long treeSize, byte[] rootHash, String note) {
    }

    Optional<StoredCheckpoint> latestCheckpoint(UUID schoolId) {
        return jdbc.sql("""
                        select tree_size, root_hash, note from access_log_checkpoint
                        where school_id = ? order by tree_size desc limit 1""")
                .param(schoolId)
                .query((rs, row) -> new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3)))
                .optional();
    }

    record Leaf(long position, byte[] leafHash) {
    }

    /** The tree position of the school's entry {@code sequence}; empty if it has none (unknown, or not integrated yet). */
    Optional<Leaf> leafOf(UUID schoolId, long sequence) {
        return jdbc.sql("select position, leaf_hash from access_log_leaf where school_id = ? and entry_sequence = ?")
                .params(schoolId, sequence)
                .query((rs, row) -> new Leaf(rs.getLong(1), rs.getBytes(2)))
                .optional();
    }

    /** The stored hashes of the school's tree, each batch read in one query (primary-key lookups). */
    StoredHashes storedHashes(UUID schoolId) {
        return ids -> read(schoolId, ids);
    }

    private Map<NodeId, byte[]> read(UUID schoolId, Set<NodeId> ids) {
        List<Long> positions = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        List<Long> indices = new ArrayList<>();
        for (NodeId id : ids) {
            if (id.level() == 0) {
                positions.add(id.index());
            } else {
                levels.add(id.level());
                indices.add(id.index());
            }
        }
        Map<NodeId, byte[]> out = new HashMap<>(ids.size() * 2);
        jdbc.sql("""
                        select 0 as level, l.position as index, l.leaf_hash as hash from access_log_leaf l
                        where l.school_id = ? and l.position = any(?)
                        union all
                        select n.level, n.index, n.hash
                        from unnest(?::int[], ?::bigint[]) as wanted(level, index)
                        join access_log_node n on n.school_id = ? and n.level = wanted.level and n.index = wanted.index""")
                .params(schoolId, positions.toArray(Long[]::new), levels.toArray(Integer[]::new),
                        indices.toArray(Long[]::new), schoolId)
                .query(rs -> {
                    out.put(new NodeId(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
                })
        ;
        return out;
    }

    /**
     * Writes the school's positions below {@code treeSize} as export lines, in order, through a
     * server-side cursor ({@value #EXPORT_FETCH_SIZE} rows at a time): never the whole log in memory.
     */
    void exportLines(UUID schoolId, long treeSize, Writer out) {
        cursor.query("""
                        select l.position, l.leaf_hash, e.sequence is not null as entry_present, %s
                        from access_log_leaf l
                        left join access_log_entry e on e.school_id = l.school_id and e.sequence = l.entry_sequence
                        where l.school_id = ? and l.position < ? order by l.position""".formatted(prefixed(EntryRows.COLUMNS)),
                rs -> {
                    long position = rs.getLong("position");
                    byte[] leafHash = rs.getBytes("leaf_hash");
                    String line = rs.getBoolean("entry_present")
                            ? ExportLines.entry(position, leafHash, EntryRows.read(rs))
                            : ExportLines.leaf(position, leafHash);
                    try {
                        out.write(line);
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                schoolId, treeSize);
    }

    private static String prefixed(String columns) {
        return String.join(", ", java.util.Arrays.stream(columns.split(",")).map(c -> "e." + c.strip()).toList());
    }
}
