package org.custodian.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LruCacheTests {

    @Test
    void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsedAndReloadsAfterEviction() {
        AtomicInteger loads = new AtomicInteger();
        LruCache<String, String> cache = new LruCache<>(2);

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
        assertThat(cache.toString()).doesNotContain("a1");
    }
}
