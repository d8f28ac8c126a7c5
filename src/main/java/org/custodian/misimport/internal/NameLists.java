package org.custodian.misimport.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The shipped name lists ({@code forenames.txt}, {@code surnames.txt} beside this module's API). */
public record NameLists(List<String> female, List<String> male, List<String> surnames) {

    private static final String FOLDER = "/org/custodian/misimport/";

    public static NameLists load() {
        List<String> female = new ArrayList<>();
        List<String> male = new ArrayList<>();
        for (String line : lines("forenames.txt")) {
            String[] parts = line.split("\t", 2);
            (parts[0].equals("F") ? female : male).add(parts[1]);
        }
        return new NameLists(List.copyOf(female), List.copyOf(male), List.copyOf(lines("surnames.txt")));
    }

    private static List<String> lines(String name) {
        List<String> lines = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(NameLists.class.getResourceAsStream(FOLDER + name), name);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
