package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sequencer's connection dies half-way through a batch, as it does when the instance is killed
 * with SIGKILL (PostgreSQL ends the session and rolls its transaction back): the next run integrates
 * the whole batch, with no gap and no position given twice.
 */
@CustodianTest
@Import(SequencerCrashIT.StopAfterLeaves.class)
class SequencerCrashIT {

    @Autowired AccessLog accessLog;
    @Autowired AccessLogSequencer sequencer;
    @Autowired AccessLogVerifier verifier;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired StopAfterLeaves stop;

    @Test
    void aSequencerKilledMidBatchLeavesNothingAndTheNextRunFinishesTheBatch() throws Exception {
        UUID school = fixtures.school().id();
        for (int i = 0; i < 3; i++) {
            append(school);
        }
        sequencer.integrate(school);
        for (int i = 0; i < 7; i++) {
            append(school);
        }

        stop.arm(school);
        CompletableFuture<Long> killed = CompletableFuture.supplyAsync(() -> sequencer.integrate(school));
        assertThat(stop.reached.await(30, TimeUnit.SECONDS)).as("the sequencer reached its batch").isTrue();
        assertThat(stop.leavesWritten.get()).isEqualTo(7);
        terminate(stop.backendPid);
        stop.release.countDown();
        assertThatThrownBy(() -> killed.get(30, TimeUnit.SECONDS)).as("the batch died with its session")
                .isInstanceOf(ExecutionException.class);

        assertThat(positions(school)).as("the dead batch left nothing").hasSize(3);
        assertThat(pending(school)).isEqualTo(7);

        sequencer.integrate(school); // or the scheduled run already did
        List<Long> positions = positions(school);
        assertThat(positions).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(pending(school)).isZero();
        var verification = verifier.verify(school);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.treeSize()).isEqualTo(10);
    }

    private void append(UUID school) {
        tenancy.inSchool(school, () -> accessLog.append(new AccessEntry(school, UUID.randomUUID(), "TEACHER",
                List.of(UUID.randomUUID()), List.of("name"), AccessAction.READ, "TEACHING", null, "req", "192.0.2.1")));
    }

    private List<Long> positions(UUID school) {
        return tenancy.inSchool(school, () -> jdbc.sql("select position from access_log_leaf order by position")
                .query(Long.class).list());
    }

    private long pending(UUID school) {
        return tenancy.inSchool(school, () -> jdbc.sql("select count(*) from access_log_pending").query(Long.class).single());
    }

    /** From another session of the same role (which may signal its own sessions). */
    private void terminate(int pid) {
        assertThat(jdbc.sql("select pg_terminate_backend(?)").param(pid).query(Boolean.class).single()).isTrue();
    }

    /** Holds the armed school's next batch after its leaves are written, noting its session's process id. */
    @TestComponent
    static class StopAfterLeaves implements SequencerFaults {

        private final JdbcClient jdbc;
        private volatile UUID armed;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger leavesWritten = new AtomicInteger();
        volatile int backendPid;

        StopAfterLeaves(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        void arm(UUID school) {
            armed = school;
        }

        @Override
        public void afterLeaves(UUID schoolId, int leaves) {
            if (!schoolId.equals(armed)) {
                return;
            }
            armed = null;
            backendPid = jdbc.sql("select pg_backend_pid()").query(Integer.class).single();
            leavesWritten.set(leaves);
            reached.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
