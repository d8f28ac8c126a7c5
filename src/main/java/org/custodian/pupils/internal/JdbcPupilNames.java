package org.custodian.pupils.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilNames;
import org.springframework.stereotype.Component;

/** Pupil names for other modules' pages, through the facade's purpose check and access log. */
@Component
class JdbcPupilNames implements PupilNames {

    private final JdbcPupilRecords pupils;

    JdbcPupilNames(JdbcPupilRecords pupils) {
        this.pupils = pupils;
    }

    @Override
    public Map<UUID, String> names(AccessContext context, Set<UUID> ids) {
        Map<UUID, String> names = new LinkedHashMap<>();
        pupils.names(context, ids).forEach((id, label) -> names.put(id, label.text()));
        return names;
    }
}
