package org.custodian.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LruCacheTests {

    final MovableClock clock = new MovableClock();

    @Test
    void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsedAndReloadsAfterEviction() {
        AtomicInteger loads = new AtomicInteger();
        LruCache<String, String> cache = new LruCache<>(2, Duration.ofMinutes(5), clock);

        cache.get("a", k -> k + loads.incrementAndGet());
        cache.get("b", k -> k + loads.incrementAndGet());
        cache.get("a", k -> k + loads.incrementAndGet()); // hit: "a" is now most recent
        cache.get("c", k -> k + loads.incrementAndGet()); // drops "b"

        assertThat(cache.size()).isEqualTo(2);
        assertThat(loads).hasValue(3);
        assertThat(cache.get("a", k -> "reloaded")).isEqualTo("a1");
        assertThat(cache.get("b", k -> "reloaded")).isEqualTo("reloaded");

        cache.evict("a");
        assertThat(cache.get("a", k -> "fresh")).isEqualTo("fresh");
        assertThat(cache.toString()).doesNotContain("fresh");
    }

    @Test
    void anEntryOlderThanTheMaximumAgeIsLoadedAgain() {
        LruCache<String, String> cache = new LruCache<>(10, Duration.ofMinutes(5), clock);
        cache.get("k", k -> "first");

        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(cache.get("k", k -> "second")).isEqualTo("first");
        clock.now = clock.now.plusSeconds(1);
        assertThat(cache.get("k", k -> "second")).isEqualTo("second");
    }

    @Test
    void aLoadThatRacedWithAnEvictionIsNotCached() {
        LruCache<String, String> cache = new LruCache<>(10, Duration.ofMinutes(5), clock);

        String value = cache.get("k", k -> {
            cache.evict(k); // e.g. the key is destroyed while this thread unwraps it
            return "stale";
        });

        assertThat(value).isEqualTo("stale");
        assertThat(cache.get("k", k -> "fresh")).isEqualTo("fresh");
    }

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
