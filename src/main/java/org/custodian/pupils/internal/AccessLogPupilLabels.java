package org.custodian.pupils.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.custodian.accesslog.PupilLabels;
import org.custodian.pupils.AccessContext;
import org.springframework.stereotype.Component;

/**
 * Labels pupils for access-log reviewers: one logged read of names and UPNs under the purpose
 * {@code ACCESS_LOG_REVIEW}, within the reviewer's school (tenancy and the query both keep it there).
 */
@Component
class AccessLogPupilLabels implements PupilLabels {

    private final JdbcPupilRecords pupils;

    AccessLogPupilLabels(JdbcPupilRecords pupils) {
        this.pupils = pupils;
    }

    @Override
    public Map<UUID, Label> labels(Request request) {
        AccessContext context = new AccessContext(request.reviewer(), PURPOSE, null, request.requestId(),
                request.sourceIp());
        Map<UUID, Label> found = pupils.labels(context, request.pupilIds());
        Map<UUID, Label> labels = new LinkedHashMap<>();
        request.pupilIds().forEach(id -> labels.put(id, found.getOrDefault(id, Label.erased())));
        return labels;
    }
}
