package org.custodian.misimport.internal;

import java.io.Closeable;

/**
 * A file's pupils, read one at a time (a file is never held whole in memory). Readers throw
 * {@link ImportRefusedException} for faults that make the whole file unusable, from {@link #header}
 * or {@link #next}; problems with one pupil go into {@link SourcePupil#problems()}.
 */
public interface PupilSource extends Closeable {

    FileHeader header();

    /** The next pupil, or null after the last. */
    SourcePupil next();

    @Override
    void close();
}
