package org.custodian.pupils.internal;

import java.util.List;

import org.custodian.accesslog.PurposeCatalogue;
import org.custodian.identity.Role;
import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.Purpose;
import org.springframework.stereotype.Component;

/** The processing register as the access log describes purposes. */
@Component
class RegisterPurposeCatalogue implements PurposeCatalogue {

    private final ProcessingRegister register;

    RegisterPurposeCatalogue(ProcessingRegister register) {
        this.register = register;
    }

    @Override
    public List<Described> purposes() {
        return java.util.stream.Stream.concat(register.purposes().stream(), register.staffPurposes().stream())
                .map(RegisterPurposeCatalogue::described).toList();
    }

    @Override
    public List<Described> usableBy(Role role) {
        return register.allowedFor(role).stream().map(RegisterPurposeCatalogue::described).toList();
    }

    private static Described described(Purpose purpose) {
        return new Described(purpose.code(), purpose.description(), purpose.reasonRequired());
    }
}
