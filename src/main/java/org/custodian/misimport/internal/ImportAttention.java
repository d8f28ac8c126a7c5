package org.custodian.misimport.internal;

import java.util.List;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.schools.SchoolAttention;
import org.springframework.stereotype.Component;

/** Previewed imports that wait for a commit (or a discard), for those who import. */
@Component
class ImportAttention implements SchoolAttention {

    private final ImportJobs jobs;

    ImportAttention(ImportJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public List<Item> itemsFor(CustodianUser user) {
        if (!user.has(Permission.PUPIL_IMPORT)) {
            return List.of();
        }
        long waiting = jobs.waitingForCommit(user.ownSchoolId());
        if (waiting == 0) {
            return List.of();
        }
        return List.of(new Item(waiting == 1 ? "1 import has been previewed and waits to be committed or discarded."
                : waiting + " imports have been previewed and wait to be committed or discarded.", "/imports"));
    }
}
