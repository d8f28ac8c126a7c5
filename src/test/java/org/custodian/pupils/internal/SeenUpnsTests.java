package org.custodian.pupils.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SeenUpnsTests {

    @Test
    void remembersEveryIndexAcrossGrowthAndRefusesASecondAdd() {
        SeenUpns seen = new SeenUpns();
        SecureRandom random = new SecureRandom();
        List<byte[]> indexes = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            byte[] index = new byte[32];
            random.nextBytes(index);
            indexes.add(index);
            assertThat(seen.add(index)).isTrue();
        }
        assertThat(seen.size()).isEqualTo(50_000);
        indexes.forEach(index -> assertThat(seen.contains(index)).isTrue());
        assertThat(seen.add(indexes.get(123).clone())).isFalse();
        byte[] other = indexes.get(7).clone();
        other[31] ^= 1; // differs only beyond the 128-bit prefix: treated as the same (documented)
        assertThat(seen.contains(other)).isTrue();
        other[0] ^= 1;
        assertThat(seen.contains(other)).isFalse();
    }
}
