package org.custodian.transparency.internal;

import java.time.Duration;
import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Every cookie Custodian sets, with its purpose and lifetime. All are strictly necessary (PECR
 * reg 6(4)), so there is no consent banner. {@code CookiesIT} drives sign-in and sign-out and fails
 * when the server sets a cookie this list does not name, or the list names one it never sets.
 */
@Component
class Cookies {

    /** Must match identity's device cookie name (DeviceCookies.NAME). */
    static final String DEVICE_COOKIE = "__Host-custodian-device";

    private final Environment environment;

    Cookies(Environment environment) {
        this.environment = environment;
    }

    @org.custodian.privacy.NoPersonalData("a cookie's name, purpose and lifetime")

    record Cookie(String name, String purpose, String lifetime) {
    }

    List<Cookie> all() {
        String session = environment.getProperty("server.servlet.session.cookie.name", "SESSION");
        String idle = words(environment.getProperty("custodian.sessions.idle-timeout", Duration.class, Duration.ofMinutes(30)));
        String device = words(environment.getProperty("custodian.device-cookies.lifetime", Duration.class, Duration.ofDays(30)));
        return List.of(
                new Cookie(session, "Keeps you signed in, and keeps a sign-in in progress, between pages. "
                        + "Holds a random session id only.",
                        "Until you close the browser or sign out; the session ends after " + idle + " without use"),
                new Cookie(DEVICE_COOKIE, "Remembers that this browser completed sign-in with your second factor, "
                        + "so that someone guessing your password elsewhere cannot lock you out here. "
                        + "Holds a random value only.", device));
    }

    static String words(Duration duration) {
        if (duration.toDays() > 0 && duration.toHours() % 24 == 0) {
            long days = duration.toDays();
            return days + (days == 1 ? " day" : " days");
        }
        if (duration.toHours() > 0 && duration.toMinutes() % 60 == 0) {
            long hours = duration.toHours();
            return hours + (hours == 1 ? " hour" : " hours");
        }
        long minutes = duration.toMinutes();
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
