package org.custodian.terms;

import java.time.LocalDate;

/** Easter Sunday, which school terms and several bank holidays are set from. */
public final class Easter {

    private Easter() {
    }

    /**
     * Easter Sunday in the Gregorian calendar (the anonymous algorithm published by Meeus, after
     * Jones and Butcher): valid for every Gregorian year.
     */
    public static LocalDate sunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
