package org.custodian.accesslog.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.custodian.accesslog.internal.tree.CompactRange;
import org.custodian.tenancy.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Integrates committed entries into their school's Merkle tree, at least once a second. Per school
 * and batch, in one transaction: take the oldest waiting entries by sequence, give them the next
 * positions, store the subtree hashes they complete and a signed checkpoint of the new tree. A run
 * killed half-way rolls its batch back whole, so the next run redoes it: no gap, no position twice.
 * An entry whose transaction commits late is simply in a later batch.
 *
 * <p>Several instances may run this at once: each school's batch is taken under the school's
 * sequencer lock, tried without waiting, so a school another instance is integrating is skipped.
 * Before extending a tree the sequencer checks its last checkpoint (signature, and the stored
 * frontier hashing to its root): it never signs a tree grown from a head the database was made to hold.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(AccessLogProperties.class)
class AccessLogSequencer implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AccessLogSequencer.class);

    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final CheckpointSignatures signatures;
    private final AccessLogProperties properties;
    private final Clock clock;
    private final ObjectProvider<SequencerFaults> faults;
    private final CheckpointStore checkpoints;

    AccessLogSequencer(Tenancy tenancy, JdbcClient jdbc, CheckpointSignatures signatures,
                       AccessLogProperties properties, Clock clock, ObjectProvider<SequencerFaults> faults,
                       CheckpointStore checkpoints) {
        this.tenancy = tenancy;
        this.jdbc = jdbc;
        this.signatures = signatures;
        this.properties = properties;
        this.clock = clock;
        this.faults = faults;
        this.checkpoints = checkpoints;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::integrateAllSchools, properties.sequencerInterval());
    }

    /** Every school with entries waiting; one school's failure is logged (its id only) and skipped. */
    void integrateAllSchools() {
        // One index probe per school with entries waiting (a loose index scan): "select distinct" would
        // read every waiting entry, every second, while a large batch waits.
        List<UUID> schools = tenancy.asPlatform(() -> jdbc.sql("""
                        with recursive waiting(school_id) as (
                            (select school_id from access_log_pending order by school_id limit 1)
                            union all
                            select (select p.school_id from access_log_pending p where p.school_id > w.school_id
                                    order by p.school_id limit 1)
                            from waiting w where w.school_id is not null
                        )
                        select school_id from waiting where school_id is not null""")
                .query(UUID.class).list());
        for (UUID school : schools) {
            try {
                integrate(school, false);
            } catch (RuntimeException e) {
                log.error("Access-log sequencer failed for school {}", school, e);
            }
        }
    }

    /**
     * Integrates everything the school has waiting when called, batch by batch, waiting for another
     * instance that holds the school to finish first; returns the entries integrated.
     */
    long integrate(UUID schoolId) {
        return integrate(schoolId, true);
    }

    private long integrate(UUID schoolId, boolean waitForTheSchool) {
        long integrated = 0;
        int batch;
        do {
            batch = tenancy.inSchool(schoolId, () -> integrateBatch(schoolId, waitForTheSchool));
            integrated += Math.max(batch, 0);
        } while (batch == properties.sequencerBatch());
        return integrated;
    }

    /** One batch in the caller's school transaction: the entries integrated, or -1 if another instance holds the school. */
    private int integrateBatch(UUID schoolId, boolean waitForTheSchool) {
        if (waitForTheSchool) {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended('access_log_sequencer:' || ?, 0))")
                    .param(schoolId.toString()).query((rs, row) -> 1).single();
        } else if (!jdbc.sql("select pg_try_advisory_xact_lock(hashtextextended('access_log_sequencer:' || ?, 0))")
                .param(schoolId.toString()).query(Boolean.class).single()) {
            return -1;
        }
        CompactRange range = currentTree(schoolId);
        long start = range.size();
        List<Leaf> leaves = new ArrayList<>(jdbc.sql("""
                        with batch as (
                            select sequence, leaf_hash from access_log_pending where school_id = ?
                            order by sequence limit ?
                        ), integrated as (
                            delete from access_log_pending p using batch
                            where p.school_id = ? and p.sequence = batch.sequence
                        )
                        insert into access_log_leaf (school_id, position, entry_sequence, leaf_hash)
                        select ?, ? + row_number() over (order by sequence) - 1, sequence, leaf_hash from batch
                        returning position, leaf_hash""")
                .params(schoolId, properties.sequencerBatch(), schoolId, schoolId, start)
                .query((rs, row) -> new Leaf(rs.getLong(1), rs.getBytes(2)))
                .list());
        if (leaves.isEmpty()) {
            return 0;
        }
        faults.ifAvailable(fault -> fault.afterLeaves(schoolId, leaves.size()));
        leaves.sort(Comparator.comparingLong(Leaf::position));
        List<CompactRange.Subtree> completed = new ArrayList<>();
        for (Leaf leaf : leaves) {
            completed.addAll(range.append(leaf.hash()));
        }
        for (CompactRange.Subtree subtree : completed) {
            jdbc.sql("insert into access_log_node (school_id, level, index, hash) values (?, ?, ?, ?)")
                    .params(schoolId, subtree.level(), subtree.index(), subtree.hash())
                    .update();
        }
        byte[] root = range.root();
        checkpoints.insert(schoolId, range.size(), root, range.toBytes(), signatures.sign(schoolId, range.size(), root),
                clock.instant());
        return leaves.size();
    }

    /** The tree as its last checkpoint left it, once that checkpoint is checked; empty before the first. */
    private CompactRange currentTree(UUID schoolId) {
        return checkpoints.latest(schoolId).map(last -> {
            CompactRange range = CompactRange.of(last.treeSize(), last.frontier());
            if (!Arrays.equals(range.root(), last.root())
                    || !signatures.verifies(last.note(), schoolId, last.treeSize(), last.root())) {
                throw new IllegalStateException("The access log's last checkpoint does not verify; not extending it");
            }
            return range;
        }).orElseGet(CompactRange::empty);
    }

    private record Leaf(long position, byte[] hash) {
    }
}
