package org.custodian.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.SecurityEvent;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ClientAddress;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

@Service
class JdbcSecurityEvents implements SecurityEvents {

    static final int MAX_USER_AGENT = 300;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Clock clock;

    JdbcSecurityEvents(JdbcClient jdbc, Tenancy tenancy, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    @Override
    public void record(SecurityEventType type, CustodianUser subject, CustodianUser actor, String detail) {
        UUID schoolId = subject.schoolId() == null ? PLATFORM : subject.schoolId();
        HttpServletRequest request = currentRequest();
        String ip = request == null ? null : ClientAddress.of(request);
        String agent = request == null ? null : request.getHeader("User-Agent");
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        String userAgent = agent;
        tenancy.asPlatform(() -> jdbc.sql("""
                insert into security_event (school_id, id, occurred_at, type, user_id, actor_id, source_ip,
                                            user_agent, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(schoolId, UUID.randomUUID(), Timestamp.from(clock.instant()), type.name(), subject.id(),
                        actor == null ? null : actor.id(), ip, userAgent, detail)
                .update());
    }

    @Override
    public List<SecurityEvent> list(UUID schoolId, UUID userId, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("select * from security_event where school_id = ?");
        List<Object> params = new ArrayList<>(List.of(schoolId));
        if (userId != null) {
            sql.append(" and user_id = ?");
            params.add(userId);
        }
        if (from != null) {
            sql.append(" and occurred_at >= ?");
            params.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and occurred_at < ?");
            params.add(Timestamp.from(to));
        }
        sql.append(" order by occurred_at desc, sequence desc limit ?");
        params.add(Math.max(1, Math.min(limit, 1000)));
        return inScopeOf(schoolId, () -> jdbc.sql(sql.toString()).params(params)
                .query((row, n) -> new SecurityEvent(row.getObject("id", UUID.class),
                        row.getObject("school_id", UUID.class), row.getTimestamp("occurred_at").toInstant(),
                        SecurityEventType.valueOf(row.getString("type")), row.getObject("user_id", UUID.class),
                        row.getObject("actor_id", UUID.class), row.getString("source_ip"),
                        row.getString("user_agent"), row.getString("detail")))
                .list());
    }

    private <T> T inScopeOf(UUID schoolId, java.util.function.Supplier<T> work) {
        return PLATFORM.equals(schoolId) ? tenancy.asPlatform(work) : tenancy.inSchool(schoolId, work);
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }
}
