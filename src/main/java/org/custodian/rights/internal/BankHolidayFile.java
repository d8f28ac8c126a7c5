package org.custodian.rights.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a file in the format of https://www.gov.uk/bank-holidays.json: for each division
 * ({@code england-and-wales}, {@code scotland}, {@code northern-ireland}) its {@code events}, each with
 * {@code title}, {@code date} (yyyy-MM-dd) and {@code notes} ("Substitute day" for a substitute).
 * Other fields and divisions are ignored; a division that is missing is left to the rules.
 */
final class BankHolidayFile {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BankHolidayFile() {
    }

    /** The holidays per division; refuses a file that is not of this shape, naming the fault, not its content. */
    static Map<Division, List<Holiday>> read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The bank-holidays file is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The bank-holidays file must be a JSON object keyed by division.");
        }
        Map<Division, List<Holiday>> result = new EnumMap<>(Division.class);
        for (Division division : Division.values()) {
            JsonNode node = root.get(division.key());
            if (node == null || node.isNull()) {
                continue;
            }
            JsonNode events = node.get("events");
            if (events == null || !events.isArray()) {
                throw new IllegalArgumentException("The bank-holidays file's " + division.key() + " has no events list.");
            }
            List<Holiday> holidays = new ArrayList<>();
            int index = 0;
            for (JsonNode event : events) {
                holidays.add(holiday(event, division, index++));
            }
            result.put(division, List.copyOf(holidays));
        }
        return result;
    }

    private static Holiday holiday(JsonNode event, Division division, int index) {
        String where = division.key() + " event " + index;
        JsonNode date = event.get("date");
        JsonNode title = event.get("title");
        if (date == null || !date.isString() || title == null || !title.isString()) {
            throw new IllegalArgumentException("The bank-holidays file's " + where + " needs a title and a date.");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date.asString());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The bank-holidays file's " + where + " has a date that is not yyyy-MM-dd.");
        }
        JsonNode notes = event.get("notes");
        boolean substitute = notes != null && notes.isString() && notes.asString().toLowerCase().contains("substitute");
        return new Holiday(day, title.asString(), substitute);
    }
}
