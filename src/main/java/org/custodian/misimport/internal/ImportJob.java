package org.custodian.misimport.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * An import as its status page and the API show it. {@code fileName} is the name the file was
 * uploaded with (null when none was given or it can no longer be read).
 */
public record ImportJob(UUID id, String fileName, String format, boolean full, State state, long fileBytes, Instant createdAt,
                        UUID createdBy, UUID committedBy, Instant finishedAt, long bytesProcessed, int pupilsRead,
                        Integer pupilsTotal, Integer pupilsPerSecond, String errorCode, boolean schoolCheckOverridden,
                        ImportReport preview, ImportReport result) {

    public enum State {
        PREVIEWING, PREVIEWED, COMMITTING, COMMITTED, FAILED, DISCARDED;

        public boolean running() {
            return this == PREVIEWING || this == COMMITTING;
        }
    }

    /** How far the running pass is, 0–100: pupils of the known total when committing, else bytes of the file. */
    public int percent() {
        if (state == State.COMMITTING && pupilsTotal != null && pupilsTotal > 0) {
            return (int) Math.min(100, 100L * pupilsRead / pupilsTotal);
        }
        if (state.running()) {
            return fileBytes == 0 ? 0 : (int) Math.min(100, 100 * bytesProcessed / fileBytes);
        }
        return 100;
    }

    public boolean committable() {
        return state == State.PREVIEWED && preview != null && preview.committable();
    }

    /** The academic year ages were judged by: the commit's, else the preview's; null when neither says. */
    public String academicYear() {
        if (result != null && result.academicYear() != null) {
            return result.academicYear();
        }
        return preview == null ? null : preview.academicYear();
    }

    /** A file's name can carry personal data: left out. */
    @Override
    public String toString() {
        return "ImportJob[id=" + id + ", format=" + format + ", state=" + state + "]";
    }
}
