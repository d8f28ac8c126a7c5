package org.custodian.accesslog;

import java.util.List;

import org.custodian.identity.Role;

/**
 * The purposes of the record of processing, described for people reading the access log (entries
 * hold purpose codes only). Implemented by the module that owns the register.
 */
public interface PurposeCatalogue {

    /** Every purpose: those of pupil data, then those of staff records. */
    List<Described> purposes();

    /** The purposes {@code role} may name to use pupil data, in register order. */
    List<Described> usableBy(Role role);

    record Described(String code, String description, boolean reasonRequired) {
    }
}
