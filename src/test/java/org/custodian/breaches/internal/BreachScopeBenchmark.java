package org.custodian.breaches.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntConsumer;

import org.custodian.accesslog.ActorAccesses;
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
 * Not a test (no assertion on time): run by {@code bench/breach-scope.sh}. Loads 1,000,000 entries
 * for one school (plus a neighbour's 100,000), then times scoping a breach to "what did this API
 * token see in a 24-hour window" through the real {@link ActorAccesses} (row-level security, entries
 * and distinct pupils) against a plain indexed {@code count(*)} of the same rows in the same run.
 */
@CustodianTest
@EnabledIfSystemProperty(named = "custodian.bench", matches = "true")
class BreachScopeBenchmark {

    private static final int ENTRIES = Integer.getInteger("custodian.bench.entries", 1_000_000);
    private static final int PUPILS = 1_500;
    /** Actor 0 is the token: a quarter of the school's entries, one every 12 s. */
    private static final int ACTORS = 4;
    private static final int SPACING_SECONDS = 3;
    private static final int RUNS = Integer.getInteger("custodian.bench.runs", 100);
    private static final double TARGET_MS = 1000;

    @Autowired ActorAccesses accesses;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired DatabaseOwner databaseOwner;

    @Test
    void measure() throws IOException {
        Instant start = Instant.parse("2025-09-01T07:00:00Z");
        UUID school = fixtures.school().id();
        SyntheticAccessLog.load(databaseOwner.dataSource(), fixtures.school().id(), ENTRIES / 10, PUPILS, ACTORS,
                start, SPACING_SECONDS);
        long loadMs = SyntheticAccessLog.load(databaseOwner.dataSource(), school, ENTRIES, PUPILS, ACTORS, start,
                SPACING_SECONDS);
        UUID token = SyntheticAccessLog.actor(0);
        long spanSeconds = (long) ENTRIES * SPACING_SECONDS - Duration.ofDays(1).getSeconds();
        List<String> out = new ArrayList<>();

        Random random = new Random(42);
        long[] windows = new long[RUNS + RUNS / 5];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = (long) (random.nextDouble() * spanSeconds);
        }
        Instant sampleFrom = start.plusSeconds(windows[0]);
        ActorAccesses.Counts sample = accesses.count(school, new ActorAccesses.Window(token, null, sampleFrom,
                sampleFrom.plus(Duration.ofDays(1))));
        String plan = tenancy.inSchool(school, () -> String.join(" / ", jdbc.sql("""
                        explain select count(*) from access_log_entry
                         where school_id = ? and actor_id = ? and occurred_at >= ? and occurred_at < ?""")
                .params(school, token, Timestamp.from(sampleFrom), Timestamp.from(sampleFrom.plus(Duration.ofDays(1))))
                .query(String.class).list().stream().map(String::strip).toList()));
        out.add(String.format(Locale.ROOT, "Loaded %,d entries for one school (+ %,d for a neighbour) in %.1f s: %d pupils,"
                        + " %d actors, one entry every %d s; the token's 24-hour window holds about %,d entries reaching"
                        + " %,d pupils. %d runs per query (a random window each) after %d warm-up runs.",
                ENTRIES, ENTRIES / 10, loadMs / 1000.0, PUPILS, ACTORS, SPACING_SECONDS, sample.entries(),
                sample.pupils(), RUNS, RUNS / 5));
        out.add("");
        out.add("Baseline plan: " + plan);

        double[] baseline = time(i -> {
            Instant from = start.plusSeconds(windows[i]);
            tenancy.inSchool(school, () -> jdbc.sql("""
                            select count(*) from access_log_entry
                             where school_id = ? and actor_id = ? and occurred_at >= ? and occurred_at < ?""")
                    .params(school, token, Timestamp.from(from), Timestamp.from(from.plus(Duration.ofDays(1))))
                    .query(Long.class).single());
        });
        double[] scope = time(i -> {
            Instant from = start.plusSeconds(windows[i]);
            accesses.count(school, new ActorAccesses.Window(token, null, from, from.plus(Duration.ofDays(1))));
        });
        double[] ids = time(i -> {
            Instant from = start.plusSeconds(windows[i]);
            accesses.pupils(school, new ActorAccesses.Window(token, null, from, from.plus(Duration.ofDays(1))));
        });

        double base = percentile(baseline, 50);
        out.add("");
        out.add("| query | p50 ms | p99 ms | p50 / baseline | p99 / 1 s target |");
        out.add("|---|---|---|---|---|");
        out.add(row("baseline: plain indexed count(*) of the token's rows in the window", baseline, base));
        out.add(row("breach scope: entries and distinct pupils (ActorAccesses.count)", scope, base));
        out.add(row("breach scope: the pupils' ids, for the DPO's names (ActorAccesses.pupils)", ids, base));

        Path file = Path.of("target", "bench", "breach-scope.md");
        Files.createDirectories(file.getParent());
        Files.write(file, out);
        out.forEach(System.out::println);
    }

    private static double[] time(IntConsumer run) {
        int warmUp = RUNS / 5;
        for (int i = 0; i < warmUp; i++) {
            run.accept(RUNS + i);
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
