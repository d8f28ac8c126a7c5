package org.custodian.accesslog.internal;

import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.accesslog.AccessFlag;
import org.custodian.accesslog.PupilLabels;
import org.custodian.accesslog.TeachingAssignments;
import org.custodian.identity.StaffAccessLog;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Raises flags on access-log entries after the fact, off the append path: every minute, per school,
 * the entries the sequencer has put in the tree since the school's watermark (a tree position), in batches, each batch in one transaction that holds
 * the watermark row (so instances running the job at once take turns, and flags are written once).
 * A BULK_READ window reaches back before the watermark, so batches and runs see the same result as
 * one pass would.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(AccessLogFlagProperties.class)
class AccessLogFlagging implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AccessLogFlagging.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final Schools schools;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final AccessLogFlagProperties properties;
    private final ObjectProvider<TeachingAssignments> assignments;

    private final AccessLogSequencer sequencer;

    AccessLogFlagging(Schools schools, Tenancy tenancy, JdbcClient jdbc, AccessLogFlagProperties properties,
                      ObjectProvider<TeachingAssignments> assignments, AccessLogSequencer sequencer) {
        this.schools = schools;
        this.tenancy = tenancy;
        this.jdbc = jdbc;
        this.properties = properties;
        this.assignments = assignments;
        this.sequencer = sequencer;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.schedule())) {
            registrar.addCronTask(new CronTask(this::flagAllSchools, new CronTrigger(properties.schedule(), UK)));
        }
    }

    /** One school's failure is logged (its id only) and does not stop the others. Returns flags raised. */
    int flagAllSchools() {
        int raised = 0;
        for (Schools.Status school : schools.statuses()) {
            if (!school.state().inService()) {
                // Flags ask the school to look at who read its pupils: a school out of service reads none.
                continue;
            }
            try {
                raised += flagNewEntries(school.id());
            } catch (RuntimeException e) {
                log.error("Could not flag the access log of school {}: {}", school.id(), e.getClass().getSimpleName());
            }
        }
        return raised;
    }

    /** Processes every entry of the school after its watermark; returns the flags raised. */
    int flagNewEntries(UUID schoolId) {
        // Whatever has committed is put in the tree first, so a run sees every entry committed before it.
        sequencer.integrate(schoolId);
        int raised = 0;
        while (true) {
            Batch batch = tenancy.inSchool(schoolId, () -> flagBatch(schoolId));
            raised += batch.flags();
            if (batch.entries() < properties.batchSize()) {
                return raised;
            }
        }
    }

    private record Batch(int entries, int flags) {
    }

    private Batch flagBatch(UUID schoolId) {
        jdbc.sql("insert into access_log_flag_watermark (school_id, next_position) values (?, 0) on conflict do nothing")
                .param(schoolId).update();
        long watermark = jdbc.sql("select next_position from access_log_flag_watermark where school_id = ? for update")
                .param(schoolId).query(Long.class).single();
        List<Long> positions = new ArrayList<>();
        List<Entry> entries = jdbc.sql("""
                        select e.sequence, e.occurred_at, e.actor_id, e.actor_role, e.subject_ids, e.purpose, l.position
                        from access_log_leaf l
                        join access_log_entry e on e.school_id = l.school_id and e.sequence = l.entry_sequence
                        where l.school_id = ? and l.position >= ? order by l.position limit ?""")
                .params(schoolId, watermark, properties.batchSize())
                .query((rs, n) -> {
                    positions.add(rs.getLong(7));
                    return new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getObject(3, UUID.class), rs.getString(4), JdbcAccessLogReview.uuids(rs.getArray(5)),
                            rs.getString(6));
                })
                .list();
        if (entries.isEmpty()) {
            return new Batch(0, 0);
        }
        Map<Long, Set<AccessFlag>> flags = new LinkedHashMap<>();
        entries.forEach(entry -> flags.put(entry.sequence(), EnumSet.noneOf(AccessFlag.class)));
        for (Entry entry : entries) {
            if (properties.supportRoles().contains(entry.actorRole())
                    || properties.supportPurposes().contains(entry.purpose())) {
                flags.get(entry.sequence()).add(AccessFlag.SUPPORT_ACCESS);
            }
            if (outOfHours(entry.occurredAt())) {
                flags.get(entry.sequence()).add(AccessFlag.OUT_OF_HOURS);
            }
        }
        bulkReads(schoolId, entries).forEach(sequence -> flags.get(sequence).add(AccessFlag.BULK_READ));
        outsideClasses(schoolId, entries).forEach(sequence -> flags.get(sequence).add(AccessFlag.OUTSIDE_CLASSES));

        List<Long> sequences = new ArrayList<>();
        List<String> names = new ArrayList<>();
        flags.forEach((sequence, raised) -> raised.forEach(flag -> {
            sequences.add(sequence);
            names.add(flag.name());
        }));
        if (!sequences.isEmpty()) {
            jdbc.sql("""
                            insert into access_log_flag (school_id, sequence, flag)
                            select ?, s, f from unnest(?::bigint[], ?::text[]) as t(s, f) on conflict do nothing""")
                    .params(schoolId, sequences.toArray(Long[]::new), names.toArray(String[]::new)).update();
        }
        jdbc.sql("update access_log_flag_watermark set next_position = ? where school_id = ?")
                .params(positions.get(positions.size() - 1) + 1, schoolId).update();
        return new Batch(entries.size(), sequences.size());
    }

    boolean outOfHours(Instant at) {
        ZonedDateTime local = at.atZone(properties.schoolZone());
        LocalTime time = local.toLocalTime();
        return !properties.schoolDays().contains(local.getDayOfWeek())
                || time.isBefore(properties.schoolDayStart()) || !time.isBefore(properties.schoolDayEnd());
    }

    /**
     * Entries whose actor, counting this entry and their earlier ones within the window before it,
     * touched more than the threshold of distinct pupils. Entries about staff records name staff,
     * not pupils, and a reviewer's page of the log naming its pupils is the oversight itself: neither
     * counts nor is flagged.
     */
    private Set<Long> bulkReads(UUID schoolId, List<Entry> entries) {
        Set<Long> flagged = new HashSet<>();
        Map<UUID, List<Entry>> byActor = new HashMap<>();
        entries.forEach(entry -> byActor.computeIfAbsent(entry.actorId(), a -> new ArrayList<>()).add(entry));
        long lastSequence = entries.stream().mapToLong(Entry::sequence).max().orElseThrow();
        byActor.forEach((actor, own) -> {
            Instant earliest = own.stream().map(Entry::occurredAt).min(Instant::compareTo).orElseThrow()
                    .minus(properties.bulkReadWindow());
            List<Entry> window = jdbc.sql("""
                            select sequence, occurred_at, subject_ids from access_log_entry
                            where school_id = ? and actor_id = ? and occurred_at > ? and sequence <= ? and purpose not in (?, ?)""")
                    .params(schoolId, actor, earliest.atOffset(ZoneOffset.UTC), lastSequence, StaffAccessLog.PURPOSE,
                            PupilLabels.PURPOSE)
                    .query((rs, n) -> new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            actor, null, JdbcAccessLogReview.uuids(rs.getArray(3)), null))
                    .list();
            for (Entry entry : own) {
                if (StaffAccessLog.PURPOSE.equals(entry.purpose()) || PupilLabels.PURPOSE.equals(entry.purpose())) {
                    continue;
                }
                Instant start = entry.occurredAt().minus(properties.bulkReadWindow());
                Set<UUID> pupils = new HashSet<>();
                for (Entry earlier : window) {
                    if (earlier.sequence() <= entry.sequence() && earlier.occurredAt().isAfter(start)
                            && !earlier.occurredAt().isAfter(entry.occurredAt())) {
                        pupils.addAll(earlier.subjectIds());
                    }
                }
                if (pupils.size() > properties.bulkReadPupils()) {
                    flagged.add(entry.sequence());
                }
            }
        });
        return flagged;
    }

    /** Entries of class-bound roles naming a pupil none of the teaching-assignment sources lists. */
    private Set<Long> outsideClasses(UUID schoolId, List<Entry> entries) {
        List<TeachingAssignments> sources = assignments.orderedStream().toList();
        if (sources.isEmpty()) {
            return Set.of();
        }
        Map<UUID, Set<UUID>> taught = new HashMap<>();
        Set<Long> flagged = new HashSet<>();
        for (Entry entry : entries) {
            if (!properties.classRoles().contains(entry.actorRole()) || entry.subjectIds().isEmpty()
                    || StaffAccessLog.PURPOSE.equals(entry.purpose())) {
                continue;
            }
            Set<UUID> theirs = taught.computeIfAbsent(entry.actorId(), actor -> {
                Set<UUID> union = new HashSet<>();
                sources.forEach(source -> union.addAll(source.pupilsTaughtBy(schoolId, actor)));
                return union;
            });
            if (!theirs.containsAll(entry.subjectIds())) {
                flagged.add(entry.sequence());
            }
        }
        return flagged;
    }

    private record Entry(long sequence, Instant occurredAt, UUID actorId, String actorRole, List<UUID> subjectIds,
                         String purpose) {
    }
}
