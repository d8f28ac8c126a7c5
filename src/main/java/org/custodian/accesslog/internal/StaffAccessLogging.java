package org.custodian.accesslog.internal;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.identity.StaffAccessLog;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and changes of staff records, as entries of the school's access log: the staff accounts as
 * subjects, the categories as fields, under {@link StaffAccessLog#PURPOSE}. In the caller's
 * transaction, like every append.
 */
@Component
class StaffAccessLogging implements StaffAccessLog {

    private final AccessLog accessLog;

    StaffAccessLogging(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(StaffAccess access) {
        AccessAction action = switch (access.kind()) {
            case READ -> AccessAction.READ;
            case CREATE -> AccessAction.CREATE;
            case UPDATE -> AccessAction.UPDATE;
        };
        accessLog.append(new AccessEntry(access.schoolId(), access.actor().id(), access.actor().role().name(),
                access.staffIds(), access.fields(), action, PURPOSE, null, access.requestId(), access.sourceIp()));
    }
}
