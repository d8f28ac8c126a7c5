package org.custodian.accesslog.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntConsumer;

import org.custodian.accesslog.AccessLogReview;
import org.custodian.accesslog.AccessLogReview.Query;
import org.custodian.accesslog.SyntheticAccessLog;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Not a test (no assertion on time): run by {@code bench/access-log-review.sh}. Loads 1,000,000
 * entries for one school (plus two neighbours' 100,000 each), then times the two key review
 * questions through the real {@link AccessLogReview} (row-level security, decryption and all)
 * against a baseline measured in the same run: one entry read by primary key.
 */
@CustodianTest
@EnabledIfSystemProperty(named = "custodian.bench", matches = "true")
class AccessLogReviewBenchmark {

    private static final int ENTRIES = Integer.getInteger("custodian.bench.entries", 1_000_000);
    private static final int PUPILS = 1_500;
    private static final int ACTORS = 150;
    private static final int SPACING_SECONDS = 30;
    private static final int RUNS = Integer.getInteger("custodian.bench.runs", 100);
    private static final double TARGET_MS = 1000;

    @Autowired AccessLogReview review;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired DatabaseOwner databaseOwner;

    @Test
    void measure() throws IOException {
        Instant start = Instant.parse("2025-09-01T07:00:00Z");
        UUID school = fixtures.school().id();
        List<String> out = new ArrayList<>();
        for (int neighbour = 0; neighbour < 2; neighbour++) {
            SyntheticAccessLog.load(databaseOwner.dataSource(), fixtures.school().id(), ENTRIES / 10,
                    PUPILS, ACTORS, start, SPACING_SECONDS);
        }
        long loadMs = SyntheticAccessLog.load(databaseOwner.dataSource(), school, ENTRIES, PUPILS, ACTORS,
                start, SPACING_SECONDS);
        out.add(String.format(Locale.ROOT, "Loaded %,d entries for one school (+ %,d for each of 2 others) in %.1f s; "
                + "%d pupils, %d staff, one entry every %d s; %d runs per query after %d warm-up runs.",
                ENTRIES, ENTRIES / 10, loadMs / 1000.0, PUPILS, ACTORS, SPACING_SECONDS, RUNS, RUNS / 5));

        Random random = new Random(42);
        double[] baseline = time(i -> tenancy.inSchool(school, () -> jdbc.sql(
                        "select * from access_log_entry where school_id = ? and sequence = ?")
                .params(school, 1 + random.nextInt(ENTRIES)).query().singleRow()));
        double[] pupil = time(i -> review.search(school, new Query(null, SyntheticAccessLog.pupil(random.nextInt(PUPILS)),
                null, null, null, null, null, false, null, 100)));
        double[] pupilLater = time(i -> review.search(school, new Query(null, SyntheticAccessLog.pupil(random.nextInt(PUPILS)),
                null, null, null, null, null, false, (long) (1 + random.nextInt(ENTRIES)), 100)));
        Duration span = Duration.ofSeconds((long) ENTRIES * SPACING_SECONDS);
        double[] actorWeek = time(i -> {
            Instant from = start.plusSeconds((long) (random.nextDouble() * (span.getSeconds() - 7 * 86_400L)));
            review.search(school, new Query(SyntheticAccessLog.actor(random.nextInt(ACTORS)), null, null, null,
                    from, from.plus(7, ChronoUnit.DAYS), null, false, null, 100));
        });
        double[] actorYear = time(i -> review.search(school, new Query(SyntheticAccessLog.actor(random.nextInt(ACTORS)),
                null, null, null, start, start.plus(span), null, false, null, 100)));

        double base = percentile(baseline, 50);
        out.add("");
        out.add("| query | p50 ms | p99 ms | p50 / baseline | p99 / 1 s target |");
        out.add("|---|---|---|---|---|");
        out.add(row("baseline: one entry by primary key", baseline, base));
        out.add(row("who accessed this pupil (newest 100)", pupil, base));
        out.add(row("who accessed this pupil, a later page (cursor)", pupilLater, base));
        out.add(row("what did this user see in a week (newest 100)", actorWeek, base));
        out.add(row("what did this user see in the whole year (newest 100)", actorYear, base));

        Path file = Path.of("target", "bench", "access-log-review.md");
        Files.createDirectories(file.getParent());
        Files.write(file, out);
        out.forEach(System.out::println);
    }

    private static double[] time(IntConsumer run) {
        for (int i = 0; i < RUNS / 5; i++) {
            run.accept(i);
        }
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long began = System.nanoTime();
            run.accept(i);
            millis[i] = (System.nanoTime() - began) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String row(String name, double[] millis, double baseline) {
        double p50 = percentile(millis, 50);
        double p99 = percentile(millis, 99);
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f× | %.4f |", name, p50, p99, p50 / baseline,
                p99 / TARGET_MS);
    }
}
