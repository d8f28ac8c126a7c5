package org.custodian.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.UUID;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The deadline endpoints answer anyone, and refuse bad input with a problem code that never repeats it. */
@CustodianTest
@ExtendWith(OutputCaptureExtension.class)
class DeadlinesApiIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired EducationalRecordDeadlines educationalRecords;
    @Autowired Clock clock;

    @Test
    void aSubjectRightsDeadlineWithoutSigningIn() {
        HttpResponse<String> response = new Browser(port)
                .get("/api/v1/deadlines/subject-rights?receivedOn=2026-11-25&nation=england-wales");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"deadline\":\"2026-12-29\"").contains("Boxing Day");
    }

    @Test
    void extendedAndStoppedAndPerNation() {
        Browser anyone = new Browser(port);
        assertThat(anyone.get("/api/v1/deadlines/subject-rights?receivedOn=2026-01-31&nation=scotland&extended=true")
                .body()).contains("\"deadline\":\"2026-04-30\"");
        assertThat(anyone.get("/api/v1/deadlines/subject-rights?receivedOn=2026-03-10&nation=northern-ireland"
                + "&stoppedDays=5").body()).contains("\"deadline\":\"2026-04-15\"");
        assertThat(anyone.get("/api/v1/deadlines/subject-rights?receivedOn=2026-12-02&nation=scotland").body())
                .contains("\"deadline\":\"2027-01-05\"");
    }

    @Test
    void aBreachDeadlineIs72HoursLater() {
        HttpResponse<String> response = new Browser(port).get("/api/v1/deadlines/breach?awareAt=2026-12-24T16:45:00Z");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"deadline\":\"2026-12-27T16:45:00Z\"}");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "subject-rights?receivedOn=2026-02-30&nation=england-wales | invalid-received-on | 2026-02-30",
            "subject-rights?receivedOn=31/01/2026&nation=scotland | invalid-received-on | 31/01/2026",
            "subject-rights?nation=scotland | invalid-received-on |",
            "subject-rights?receivedOn=2026-01-31&nation=atlantis | unknown-nation | atlantis",
            "subject-rights?receivedOn=2026-01-31&nation=gb | unknown-nation | gb",
            "subject-rights?receivedOn=2026-01-31 | unknown-nation |",
            "subject-rights?receivedOn=2026-01-31&nation=scotland&extended=yes | invalid-extended | yes",
            "subject-rights?receivedOn=2026-01-31&nation=scotland&stoppedDays=-4719 | invalid-stopped-days | -4719",
            "subject-rights?receivedOn=2026-01-31&nation=scotland&stoppedDays=99999 | invalid-stopped-days | 99999",
            "breach?awareAt=yesterday | invalid-aware-at | yesterday",
            "breach | invalid-aware-at |",
    })
    void badInputIsAProblemThatNeverRepeatsIt(String query, String code, String sent, CapturedOutput output) {
        HttpResponse<String> response = new Browser(port).get("/api/v1/deadlines/" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
        assertThat(output.getAll()).contains("Refused a deadline query: " + code);
        if (sent != null) {
            assertThat(response.body()).doesNotContain(sent);
            assertThat(output.getAll()).doesNotContain(sent);
        }
    }

    @Test
    void theDateIsCheckedBeforeTheNation() {
        HttpResponse<String> response = new Browser(port)
                .get("/api/v1/deadlines/subject-rights?receivedOn=2026-13-01&nation=atlantis");

        assertThat(response.body()).contains("\"code\":\"invalid-received-on\"");
    }

    @Test
    void anEducationalRecordDeadlineCountsTheSchoolsOwnTerms() {
        UUID schoolId = fixtures.school().id();
        // The school's default terms cover this academic year and the next: any day in term has a deadline.
        LocalDate received = LocalDate.of(LocalDate.now(clock).getYear() + 1, 3, 2);

        Deadline deadline = educationalRecords.deadline(schoolId, received).orElseThrow();

        assertThat(deadline.date()).isAfter(received.plusDays(20));
        assertThat(deadline.date().getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    }
}
