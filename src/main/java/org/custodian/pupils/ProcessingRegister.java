package org.custodian.pupils;

import java.util.List;
import java.util.Optional;

import org.custodian.identity.Role;

/** The record of processing (table {@code processing_purpose}): the purposes pupil data may be used for. */
public interface ProcessingRegister {

    List<Purpose> purposes();

    Optional<Purpose> find(String code);

    /** The purposes a role may name, in register order. */
    default List<Purpose> allowedFor(Role role) {
        return purposes().stream().filter(purpose -> purpose.allows(role)).toList();
    }

    /** The purpose a page assumes for a role's routine views, if the register names one. */
    default Optional<Purpose> defaultFor(Role role) {
        return purposes().stream().filter(purpose -> purpose.defaultFor().contains(role)).findFirst();
    }
}
