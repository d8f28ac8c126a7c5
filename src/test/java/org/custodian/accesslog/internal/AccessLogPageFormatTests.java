package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.custodian.accesslog.AccessLogReview;
import org.junit.jupiter.api.Test;

class AccessLogPageFormatTests {

    private final AccessLogPageFormat format = new AccessLogPageFormat();

    @Test
    void addressesAppearInTheirUsualFormAndTheServersOwnAsThisServer() {
        assertThat(format.address("0:0:0:0:0:0:0:1")).isEqualTo("this server");
        assertThat(format.address("::1")).isEqualTo("this server");
        assertThat(format.address("127.0.0.1")).isEqualTo("this server");
        assertThat(format.address("2001:0db8:0000:0000:0001:0000:0000:0001")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(format.address("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(format.address("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(format.address("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(format.address("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(format.address("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(format.address("not-an-address.example")).isEqualTo("not-an-address.example");
        assertThat(format.address(null)).isEqualTo("no address");
    }

    @Test
    void rolesAppearInWords() {
        assertThat(format.role("SCHOOL_ADMIN")).isEqualTo("School admin");
        assertThat(format.role("DPO")).isEqualTo("Data protection officer");
        assertThat(format.role("RETIRED_ROLE")).isEqualTo("RETIRED_ROLE");
    }

    @Test
    void aBulkEntryIsOneLineSayingWhatWasDoneToHowMany() {
        assertThat(format.bulk(entry("CREATE", 300, "MIS import 7f1c"))).isEqualTo("Imported 300 pupils (new)");
        assertThat(format.bulk(entry("UPDATE", 12, "MIS import 7f1c"))).isEqualTo("Imported 12 pupils (changed)");
        assertThat(format.bulk(entry("READ", 300, "MIS import 7f1c"))).isEqualTo("Compared 300 pupils with an import");
        assertThat(format.bulk(entry("SEARCH", 40, null))).isEqualTo("Searched 40 records");
        assertThat(format.bulk(entry("EXPORT", 1, "Census"))).isEqualTo("Exported 1 record");
    }

    private static AccessLogReview.Entry entry(String action, int subjects, String reason) {
        List<UUID> ids = Collections.nCopies(subjects, UUID.randomUUID());
        return new AccessLogReview.Entry(1, Instant.EPOCH, UUID.randomUUID(), "TEACHER", ids, List.of("name"), action,
                "TEACHING_AND_LEARNING", reason, false, "req", "192.0.2.1", java.util.Set.of(), null);
    }
}
