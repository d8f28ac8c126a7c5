package org.custodian.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.SecurityEvent;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The school's sign-in and account events as JSON, newest first; {@code to} is exclusive. */
@RestController
class SignInEventApiController {

    private final SecurityEvents events;
    private final StaffAdministration staff;

    SignInEventApiController(SecurityEvents events, StaffAdministration staff) {
        this.events = events;
        this.staff = staff;
    }

    @GetMapping("/api/v1/sign-in-events")
    @RequiresPermission(Permission.SCHOOL_SECURITY_EVENTS)
    List<EventView> list(@AuthenticationPrincipal CustodianUser actor,
                         @RequestParam(required = false) UUID userId,
                         @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                         @RequestParam(defaultValue = "100") int limit) {
        UUID school = StaffAdministration.schoolOf(actor);
        Map<UUID, String> names = staff.namesIncludingRemoved(school);
        return events.list(school, userId, from, to, limit).stream().map(event -> EventView.of(event, names)).toList();
    }

    /** An event with the names of the person and of whoever acted (platform staff are not named). */
    record EventView(UUID id, Instant occurredAt, SecurityEventType type, UUID userId, String userName,
                     UUID actorId, String actorName, String sourceIp, String userAgent, String detail,
                     String retentionCategory) {

        static EventView of(SecurityEvent event, Map<UUID, String> names) {
            return new EventView(event.id(), event.occurredAt(), event.type(), event.userId(),
                    names.get(event.userId()), event.actorId(),
                    event.actorId() == null ? null : names.getOrDefault(event.actorId(), "Custodian staff"),
                    event.sourceIp(), event.userAgent(), event.detail(), SecurityEvent.RETENTION_CATEGORY);
        }

        @Override
        public String toString() {
            return "EventView[id=" + id + ", type=" + type + "]";
        }
    }
}
