package org.custodian.backups.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetentionPlanTests {

    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

    @Test
    void dataKeepsTheNewestOfEachRecentDayAndMonthAndEverythingOfTheLastDay() {
        List<RetentionPlan.Backup> backups = new ArrayList<>();
        // One backup a day at 01:30 for 400 days, plus a snapshot at 22:00 yesterday and at 01:00 two days ago.
        for (int day = 0; day < 400; day++) {
            Instant at = Instant.parse("2026-12-07T01:30:00Z").minus(Duration.ofDays(day));
            backups.add(new RetentionPlan.Backup("daily-" + day, at));
        }
        backups.add(new RetentionPlan.Backup("snapshot-yesterday", Instant.parse("2026-12-06T22:00:00Z")));
        backups.add(new RetentionPlan.Backup("snapshot-two-days-ago", Instant.parse("2026-12-05T01:00:00Z")));

        var keep = RetentionPlan.keepData(backups, NOW, 30, 12);

        // The newest of each of the last 30 days (yesterday's is the snapshot, newer than its daily), and
        // the newest of each of the 12 months Jan..Dec 2026.
        for (int day = 0; day < 30; day++) {
            if (day != 1) {
                assertThat(keep).contains("daily-" + day);
            }
        }
        assertThat(keep).contains("snapshot-yesterday").doesNotContain("daily-1", "snapshot-two-days-ago", "daily-30");
        // The newest of November 2026 is 30 November (day 7, already kept); of January 2026, 31 January.
        assertThat(keep).contains("daily-" + Duration.between(Instant.parse("2026-01-31T01:30:00Z"),
                Instant.parse("2026-12-07T01:30:00Z")).toDays());
        // December 2025 is the thirteenth month back: gone.
        assertThat(keep).doesNotContain("daily-" + Duration.between(Instant.parse("2025-12-31T01:30:00Z"),
                Instant.parse("2026-12-07T01:30:00Z")).toDays());
        // 30 days; the months December and November have their newest among them, January..October add 10.
        assertThat(keep).hasSize(30 + 10);
    }

    @Test
    void keysAreKeptForTheirPeriodAndTheNewestAlways() {
        var backups = List.of(new RetentionPlan.Backup("old", NOW.minus(Duration.ofDays(9))),
                new RetentionPlan.Backup("recent", NOW.minus(Duration.ofDays(6))));
        assertThat(RetentionPlan.keepKeys(backups, NOW, Duration.ofDays(7))).containsExactly("recent");
        assertThat(RetentionPlan.keepKeys(backups, NOW.plus(Duration.ofDays(30)), Duration.ofDays(7)))
                .as("the newest stays even when expired").containsExactly("recent");
    }

    @Test
    void keyRetentionIsAtMost35Days() {
        assertThatThrownBy(() -> new BackupProperties("-", Path.of("b"), List.of(), 30, 12, Duration.ofDays(36),
                Duration.ofMinutes(15), "-", 5, List.of())).hasMessageContaining("at most 35 days");
        assertThat(new BackupProperties("-", Path.of("b"), null, 30, 12, Duration.ofDays(35), Duration.ofMinutes(15), "-", 5, List.of())
                .keyRetention()).isEqualTo(Duration.ofDays(35));
    }
}
