package org.custodian.accesslog.internal;

import java.util.Optional;
import java.util.UUID;

import org.custodian.accesslog.internal.tree.Checkpoint;

/** Signs checkpoints as signed notes, and checks a stored note is a valid signature of what it claims. */
interface CheckpointSignatures {

    /** The signed note for the school's tree of {@code size} leaves with {@code root}. */
    String sign(UUID schoolId, long size, byte[] root);

    /** Whether {@code note} is a checkpoint of exactly this school, size and root, signed by one of the installation's keys. */
    boolean verifies(String note, UUID schoolId, long size, byte[] root);

    /** The checkpoint a note states, if it is one of this school's, validly signed; empty for anything else. */
    Optional<Checkpoint> open(String note, UUID schoolId);
}
