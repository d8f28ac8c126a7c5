package org.custodian.schools.internal;

import java.util.UUID;
import java.util.function.Supplier;

import org.custodian.identity.CustodianUser;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.stereotype.Component;

/**
 * Runs work for one school on behalf of an actor. A school user may act only for their own school
 * (another school's id looks exactly like an unknown one); a platform admin acts in that school's
 * scope. Row-level security then limits every query to that school.
 */
@Component
class SchoolAccess {

    private final Tenancy tenancy;

    SchoolAccess(Tenancy tenancy) {
        this.tenancy = tenancy;
    }

    <T> T forSchool(CustodianUser actor, UUID schoolId, Supplier<T> work) {
        if (actor == null || !actor.mayActFor(schoolId)) {
            throw schoolNotFound();
        }
        return tenancy.inSchool(schoolId, work);
    }

    static ProblemException schoolNotFound() {
        return ProblemException.notFound("school-not-found", "There is no school with that id.");
    }
}
