package org.custodian.rights.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.custodian.schools.Nation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Each nation's bank holidays: the bundled gov.uk file, the rules for other years, an operator's file. */
class BankHolidaysTests {

    static Map<Division, List<Holiday>> bundled() throws IOException {
        try (InputStream in = BankHolidaysTests.class.getResourceAsStream("/rights/bank-holidays.json")) {
            return BankHolidayFile.read(in);
        }
    }

    static BankHolidayCalendar calendar() throws IOException {
        return new BankHolidayCalendar(bundled());
    }

    /** One-off days of 2019–2027 (and the May holidays they moved): only the file knows them. */
    private static final Map<Integer, Set<String>> ONE_OFFS = Map.of(
            // VE Day: the early May holiday moved from Monday 4 to Friday 8 May
            2020, Set.of("+2020-05-08", "-2020-05-04"),
            // Platinum Jubilee: the spring holiday moved to Thursday 2 June, an extra day on 3 June;
            // the state funeral of Queen Elizabeth II on 19 September
            2022, Set.of("+2022-06-02", "+2022-06-03", "-2022-05-30", "+2022-09-19"),
            // the coronation of King Charles III
            2023, Set.of("+2023-05-08"));

    static Stream<Arguments> fileYears() throws IOException {
        Map<Division, List<Holiday>> file = bundled();
        return file.entrySet().stream().flatMap(entry -> entry.getValue().stream()
                .map(holiday -> holiday.date().getYear()).distinct()
                .map(year -> Arguments.of(entry.getKey(), year)));
    }

    @Test
    void theBundledFileHasEveryNationFor2019To2027() throws IOException {
        Map<Division, List<Holiday>> file = bundled();
        assertThat(file).containsOnlyKeys(Division.values());
        file.forEach((division, holidays) -> assertThat(holidays.stream().map(h -> h.date().getYear()).distinct())
                .as(division.key()).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(2019, 2027).boxed().toList()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fileYears")
    void theRulesReproduceTheFileExceptItsOneOffDays(Division division, int year) throws IOException {
        Set<LocalDate> fromFile = bundled().get(division).stream().map(Holiday::date)
                .filter(date -> date.getYear() == year).collect(Collectors.toCollection(TreeSet::new));
        Set<LocalDate> fromRules = BankHolidayRules.holidays(division, year).stream().map(Holiday::date)
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> difference = new TreeSet<>();
        fromFile.stream().filter(date -> !fromRules.contains(date)).forEach(date -> difference.add("+" + date));
        fromRules.stream().filter(date -> !fromFile.contains(date)).forEach(date -> difference.add("-" + date));
        assertThat(difference).isEqualTo(ONE_OFFS.getOrDefault(year, Set.of()));
    }

    @ParameterizedTest(name = "{0}: {1} is {2}")
    @CsvSource({
            // from the file: ordinary days, substitutes and one-off days
            "ENGLAND, 2026-12-28, Boxing Day",                     // Boxing Day on a Saturday: Monday 28
            "WALES, 2026-12-28, Boxing Day",
            "SCOTLAND, 2027-01-04, 2nd January",                   // 2 January on a Saturday
            "SCOTLAND, 2025-12-01, St Andrew’s Day",               // 30 November on a Sunday
            "NORTHERN_IRELAND, 2024-03-18, St Patrick’s Day",       // 17 March on a Sunday
            "NORTHERN_IRELAND, 2026-07-13, Battle of the Boyne (Orangemen’s Day)", // 12 July on a Sunday
            "ENGLAND, 2023-05-08, Bank holiday for the coronation of King Charles III",
            "SCOTLAND, 2022-09-19, Bank Holiday for the State Funeral of Queen Elizabeth II",
            "NORTHERN_IRELAND, 2022-06-03, Platinum Jubilee bank holiday",
            "ENGLAND, 2020-05-08, Early May bank holiday (VE day)",
            // from the rules (after the file's last year)
            "ENGLAND, 2028-01-03, New Year’s Day",                 // 1 January on a Saturday
            "ENGLAND, 2028-04-14, Good Friday",
            "ENGLAND, 2028-04-17, Easter Monday",
            "ENGLAND, 2028-05-01, Early May bank holiday",
            "ENGLAND, 2028-05-29, Spring bank holiday",
            "ENGLAND, 2028-08-28, Summer bank holiday",
            "ENGLAND, 2028-12-25, Christmas Day",
            "ENGLAND, 2028-12-26, Boxing Day",
            "ENGLAND, 2032-12-27, Christmas Day",                  // Christmas on a Saturday: Monday 27 …
            "ENGLAND, 2032-12-28, Boxing Day",                     // … and Boxing Day (Sunday) Tuesday 28
            "ENGLAND, 2033-12-26, Boxing Day",                     // Christmas on a Sunday: Boxing Day keeps Monday …
            "ENGLAND, 2033-12-27, Christmas Day",                  // … and Christmas moves to Tuesday
            "WALES, 2028-04-17, Easter Monday",
            "SCOTLAND, 2028-01-03, New Year’s Day",
            "SCOTLAND, 2028-01-04, 2nd January",                   // both at the weekend: Monday and Tuesday
            "SCOTLAND, 2034-01-02, 2nd January",                   // 1 January on a Sunday: Monday 2 and Tuesday 3
            "SCOTLAND, 2028-04-14, Good Friday",
            "SCOTLAND, 2028-05-01, Early May bank holiday",
            "SCOTLAND, 2028-05-29, Spring bank holiday",
            "SCOTLAND, 2028-08-07, Summer bank holiday",           // the first Monday of August in Scotland
            "SCOTLAND, 2028-11-30, St Andrew’s Day",
            "SCOTLAND, 2030-12-02, St Andrew’s Day",               // 30 November on a Saturday
            "SCOTLAND, 2032-12-28, Boxing Day",
            "NORTHERN_IRELAND, 2028-03-17, St Patrick’s Day",
            "NORTHERN_IRELAND, 2029-03-19, St Patrick’s Day",       // on a Saturday
            "NORTHERN_IRELAND, 2030-03-18, St Patrick’s Day",       // on a Sunday
            "NORTHERN_IRELAND, 2028-04-17, Easter Monday",
            "NORTHERN_IRELAND, 2029-07-12, Battle of the Boyne (Orangemen’s Day)",
            "NORTHERN_IRELAND, 2031-07-14, Battle of the Boyne (Orangemen’s Day)", // on a Saturday
            "NORTHERN_IRELAND, 2028-08-28, Summer bank holiday",
            "NORTHERN_IRELAND, 2033-12-27, Christmas Day",
    })
    void everyKindOfBankHolidayInEachNation(Nation nation, LocalDate date, String title) throws IOException {
        BankHolidayCalendar calendar = calendar();
        assertThat(calendar.holiday(date, nation)).contains(title);
        assertThat(calendar.isWorkingDay(date, nation)).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1} is a working day")
    @CsvSource({
            "SCOTLAND, 2028-04-17",          // no Easter Monday in Scotland
            "ENGLAND, 2028-01-04",           // no 2 January outside Scotland
            "ENGLAND, 2028-08-07",           // the first Monday of August is Scotland's
            "SCOTLAND, 2028-08-28",          // the last Monday of August is not
            "ENGLAND, 2028-11-30",           // St Andrew's Day is Scotland's
            "ENGLAND, 2029-03-19",           // St Patrick's Day is Northern Ireland's
            "SCOTLAND, 2029-07-12",          // the Boyne is Northern Ireland's
            "ENGLAND, 2034-01-03",           // New Year's Day on a Sunday gives Monday 2 only
            "ENGLAND, 2030-07-12",
            "ENGLAND, 2020-05-04",           // the early May holiday moved to VE Day that year
            "SCOTLAND, 2022-05-30",          // the spring holiday moved for the Jubilee
    })
    void daysThatAreNotBankHolidaysThere(Nation nation, LocalDate date) throws IOException {
        assertThat(calendar().holiday(date, nation)).isEmpty();
        assertThat(calendar().isWorkingDay(date, nation)).isTrue();
    }

    @Test
    void newYearsDayOnASundayInScotlandGivesTheTuesdayToo() throws IOException {
        assertThat(calendar().isWorkingDay(LocalDate.of(2034, 1, 3), Nation.SCOTLAND)).isFalse();
        assertThat(calendar().isWorkingDay(LocalDate.of(2034, 1, 3), Nation.ENGLAND)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Nation.class)
    void weekendsAreNotWorkingDays(Nation nation) throws IOException {
        assertThat(calendar().isWorkingDay(LocalDate.of(2026, 3, 7), nation)).as("Saturday").isFalse();
        assertThat(calendar().isWorkingDay(LocalDate.of(2026, 3, 8), nation)).as("Sunday").isFalse();
        assertThat(calendar().isWorkingDay(LocalDate.of(2026, 3, 9), nation)).as("Monday").isTrue();
    }

    @Test
    void anOperatorsFileReplacesTheYearsItHasAndTheRulesFillTheRest() throws IOException {
        String json = """
                {"england-and-wales":{"division":"england-and-wales","events":[
                  {"title":"New Year’s Day","date":"2031-01-01","notes":"","bunting":true},
                  {"title":"A one-off day","date":"2031-06-06","notes":"","bunting":true}]},
                 "somewhere-else":{"division":"somewhere-else","events":[]}}
                """;
        BankHolidayCalendar calendar = new BankHolidayCalendar(
                BankHolidayFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));

        assertThat(calendar.holiday(LocalDate.of(2031, 6, 6), Nation.ENGLAND)).contains("A one-off day");
        assertThat(calendar.fromFile(Division.ENGLAND_AND_WALES, 2031)).isTrue();
        // The file's year stands alone: it lists no Good Friday, so 2031 has none in England and Wales.
        assertThat(calendar.holiday(LocalDate.of(2031, 4, 11), Nation.ENGLAND)).isEmpty();
        // Other years, and the divisions the file lacks, come from the rules.
        assertThat(calendar.holiday(LocalDate.of(2032, 3, 26), Nation.ENGLAND)).contains("Good Friday");
        assertThat(calendar.holiday(LocalDate.of(2031, 6, 6), Nation.SCOTLAND)).isEmpty();
        assertThat(calendar.holiday(LocalDate.of(2031, 4, 11), Nation.SCOTLAND)).contains("Good Friday");
        assertThat(calendar.fromFile(Division.SCOTLAND, 2031)).isFalse();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "[1, 2] | must be a JSON object",
            "not json | is not valid JSON",
            "{\"scotland\":{\"division\":\"scotland\"}} | scotland has no events list",
            "{\"scotland\":{\"events\":[{\"title\":\"x\"}]}} | scotland event 0 needs a title and a date",
            "{\"scotland\":{\"events\":[{\"title\":\"x\",\"date\":\"2031-02-30\"}]}} | has a date that is not yyyy-MM-dd",
    })
    void aFileOfTheWrongShapeIsRefusedSayingWhereNotWhat(String json, String message) {
        assertThatThrownBy(() -> BankHolidayFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("2031"));
    }

    @Test
    void theSettingNamesTheFileAndTheDefaultIsTheBundledOne() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
        BankHolidayCalendar bundled = new BankHolidayCalendar(
                new RightsProperties(RightsProperties.DEFAULT_BANK_HOLIDAYS), clock);
        assertThat(bundled.holiday(LocalDate.of(2023, 5, 8), Nation.WALES)).isPresent();

        assertThatThrownBy(() -> new BankHolidayCalendar(new RightsProperties("classpath:rights/none.json"), clock))
                .hasMessageContaining("custodian.rights.bank-holidays");
        assertThatThrownBy(() -> new RightsProperties(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void easterSundayMatchesPublishedDates() {
        assertThat(org.custodian.terms.Easter.sunday(2028)).isEqualTo(LocalDate.of(2028, 4, 16));
        assertThat(org.custodian.terms.Easter.sunday(2035)).isEqualTo(LocalDate.of(2035, 3, 25));
        assertThat(org.custodian.terms.Easter.sunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
        assertThat(org.custodian.terms.Easter.sunday(2285)).isEqualTo(LocalDate.of(2285, 3, 22));
    }
}
