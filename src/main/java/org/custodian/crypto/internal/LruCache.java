package org.custodian.crypto.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small bounded least-recently-used cache: unwrapped keys must not pile up without limit. */
final class LruCache<K, V> {

    private final Map<K, V> entries;

    LruCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Computes outside the lock (unwrapping is slow); a race only computes the same value twice. */
    V get(K key, Function<K, V> load) {
        synchronized (entries) {
            V cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V loaded = load.apply(key);
        synchronized (entries) {
            entries.put(key, loaded);
        }
        return loaded;
    }

    void evict(K key) {
        synchronized (entries) {
            entries.remove(key);
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
