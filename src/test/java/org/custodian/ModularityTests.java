package org.custodian;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(CustodianApplication.class);

    /** Fails if a module reaches into another's internal package or the modules form a cycle. */
    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }
}
