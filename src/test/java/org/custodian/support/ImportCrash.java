package org.custodian.support;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.custodian.misimport.internal.ImportFaults;
import org.springframework.boot.test.context.TestComponent;

/** Stands in for a crash part-way through a commit: armed per school, it throws once N pupils are read. */
@TestComponent
public class ImportCrash implements ImportFaults {

    private final Map<UUID, Integer> afterPupils = new ConcurrentHashMap<>();

    /** The next commit of this job crashes once it has read at least {@code pupils} pupils. */
    public void arm(UUID jobId, int pupils) {
        afterPupils.put(jobId, pupils);
    }

    @Override
    public void afterBatch(UUID jobId, int pupilsRead) {
        Integer limit = afterPupils.get(jobId);
        if (limit != null && pupilsRead >= limit) {
            afterPupils.remove(jobId);
            throw new IllegalStateException("Simulated crash after " + pupilsRead + " pupils");
        }
    }
}
