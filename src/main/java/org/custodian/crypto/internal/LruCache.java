package org.custodian.crypto.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small bounded least-recently-used cache with a maximum age: unwrapped keys must not pile up
 * without limit, and a key destroyed by another instance must stop working here within the age.
 */
final class LruCache<K, V> {

    private record Entry<V>(V value, Instant loadedAt) {
    }

    private final Map<K, Entry<V>> entries;
    private final Clock clock;
    private final Duration maxAge;
    /** Bumped by every eviction, so a load that raced with one is not cached afterwards. */
    private long evictions;

    LruCache(int capacity, Duration maxAge, Clock clock) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Computes outside the lock (unwrapping is slow); a race only computes the same value twice. */
    V get(K key, Function<K, V> load) {
        long evictionsBefore;
        synchronized (entries) {
            Entry<V> cached = entries.get(key);
            if (cached != null && !cached.loadedAt().plus(maxAge).isBefore(clock.instant())) {
                return cached.value();
            }
            entries.remove(key);
            evictionsBefore = evictions;
        }
        Instant loadedAt = clock.instant();
        V loaded = load.apply(key);
        synchronized (entries) {
            if (evictions == evictionsBefore) {
                entries.put(key, new Entry<>(loaded, loadedAt));
            }
        }
        return loaded;
    }

    void evict(K key) {
        synchronized (entries) {
            entries.remove(key);
            evictions++;
        }
    }

    void evictIf(java.util.function.Predicate<K> which) {
        synchronized (entries) {
            entries.keySet().removeIf(which);
            evictions++;
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    @Override
    public String toString() {
        return "LruCache[" + size() + " entries]";
    }
}
