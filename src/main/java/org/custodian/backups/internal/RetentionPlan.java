package org.custodian.backups.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which backups to keep. Data: the newest backup of each of the last {@code keepDaily} days (today
 * included) and of each of the last {@code keepMonthly} months (this month included), and every
 * backup of the last 24 hours (a snapshot after an admin change stays beside the day's backup). Keys:
 * every backup younger than the retention period. The newest backup is always kept.
 */
final class RetentionPlan {

    private RetentionPlan() {
    }

    @org.custodian.privacy.NoPersonalData("a backup folder's name (its time and id) and when it was taken")
    record Backup(String name, Instant takenAt) {
    }

    static Set<String> keepData(List<Backup> backups, Instant now, int keepDaily, int keepMonthly) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        YearMonth thisMonth = YearMonth.from(today);
        Set<String> keep = new HashSet<>();
        Set<LocalDate> days = new HashSet<>();
        Set<YearMonth> months = new HashSet<>();
        List<Backup> newestFirst = backups.stream().sorted(Comparator.comparing(Backup::takenAt).reversed()).toList();
        if (!newestFirst.isEmpty()) {
            keep.add(newestFirst.get(0).name());
        }
        for (Backup backup : newestFirst) {
            if (backup.takenAt().isAfter(now.minus(Duration.ofDays(1)))) {
                keep.add(backup.name());
            }
            LocalDate day = LocalDate.ofInstant(backup.takenAt(), ZoneOffset.UTC);
            YearMonth month = YearMonth.from(day);
            if (!day.isAfter(today) && day.isAfter(today.minusDays(keepDaily)) && days.add(day)) {
                keep.add(backup.name());
            }
            if (!month.isAfter(thisMonth) && month.isAfter(thisMonth.minusMonths(keepMonthly)) && months.add(month)) {
                keep.add(backup.name());
            }
        }
        return keep;
    }

    static Set<String> keepKeys(List<Backup> backups, Instant now, Duration retention) {
        Set<String> keep = new HashSet<>();
        backups.stream().max(Comparator.comparing(Backup::takenAt)).ifPresent(newest -> keep.add(newest.name()));
        backups.stream().filter(backup -> backup.takenAt().isAfter(now.minus(retention)))
                .forEach(backup -> keep.add(backup.name()));
        return keep;
    }
}
