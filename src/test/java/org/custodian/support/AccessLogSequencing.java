package org.custodian.support;

import java.lang.reflect.Method;
import java.util.UUID;

import org.springframework.context.ApplicationContext;

/**
 * Integrates a school's waiting access-log entries now, as the scheduled sequencer does within a
 * second, so a test outside the access-log module gets its entries into a signed checkpoint without
 * waiting. The sequencer is the module's internal: reached here by name.
 */
public final class AccessLogSequencing {

    private AccessLogSequencing() {
    }

    public static long integrate(ApplicationContext context, UUID schoolId) {
        try {
            Class<?> type = Class.forName("org.custodian.accesslog.internal.AccessLogSequencer");
            Object sequencer = context.getBean(type);
            Method integrate = type.getDeclaredMethod("integrate", UUID.class);
            integrate.setAccessible(true);
            return (long) integrate.invoke(sequencer, schoolId);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run the access-log sequencer", e);
        }
    }
}
