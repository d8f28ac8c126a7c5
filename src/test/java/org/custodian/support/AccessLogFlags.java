package org.custodian.support;

import java.lang.reflect.Method;
import java.util.UUID;

import org.springframework.context.ApplicationContext;

/**
 * Runs the access-log flagging of one school now, as its scheduled job does, so a test outside the
 * access-log module can see the flags its accesses raise. The job is the module's internal: reached
 * here by name.
 */
public final class AccessLogFlags {

    private AccessLogFlags() {
    }

    public static int flagNow(ApplicationContext context, UUID schoolId) {
        try {
            Class<?> type = Class.forName("org.custodian.accesslog.internal.AccessLogFlagging");
            Object flagging = context.getBean(type);
            Method flag = type.getDeclaredMethod("flagNewEntries", UUID.class);
            flag.setAccessible(true);
            return (int) flag.invoke(flagging, schoolId);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run the access-log flagging", e);
        }
    }
}
