package org.custodian.support;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.custodian.misimport.internal.ImportFaults;
import org.springframework.boot.test.context.TestComponent;

/**
 * Stands in for a crash part-way through a commit (armed per job, it throws once N pupils are read),
 * or for a slow one (each batch of the job's commit takes a while), so tests can watch its progress.
 */
@TestComponent
public class ImportCrash implements ImportFaults {

    private final Map<UUID, Integer> afterPupils = new ConcurrentHashMap<>();
    private final Map<UUID, Long> pauseMillis = new ConcurrentHashMap<>();

    /** The next commit of this job crashes once it has read at least {@code pupils} pupils. */
    public void arm(UUID jobId, int pupils) {
        afterPupils.put(jobId, pupils);
    }

    /** Each batch of this job's commit takes {@code millis} longer. */
    public void slowDown(UUID jobId, long millis) {
        pauseMillis.put(jobId, millis);
    }

    @Override
    public void afterBatch(UUID jobId, int pupilsRead) {
        Long pause = pauseMillis.get(jobId);
        if (pause != null) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Integer limit = afterPupils.get(jobId);
        if (limit != null && pupilsRead >= limit) {
            afterPupils.remove(jobId);
            throw new IllegalStateException("Simulated crash after " + pupilsRead + " pupils");
        }
    }
}
