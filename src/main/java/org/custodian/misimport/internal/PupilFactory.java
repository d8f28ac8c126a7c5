package org.custodian.misimport.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.custodian.pupils.Upn;

/**
 * Makes pupil number {@code i} of a synthetic school from the seed and {@code i} alone (no state,
 * so a million pupils need no memory and the CTF and CSV files of one seed agree). Secondary school
 * years 7–13; each pupil's NC year fits their date of birth in the English academic year (1 September
 * to 31 August) that contains the reference date.
 */
public final class PupilFactory {

    /** Most pupils this generator will make: UPNs stay unique below this (see {@link #upn}). */
    public static final int MAX_PUPILS = 5_000_000;

    private static final int[] YEARS = {7, 8, 9, 10, 11, 12, 13};
    private static final int[] YEAR_WEIGHTS = {10, 10, 10, 10, 10, 6, 6};
    private static final String[] SUBJECTS = {"Ma", "En", "Sc", "Hi", "Gg", "Fr", "Ar", "Mu", "Cs", "Pe", "Re", "Dt"};
    private static final String[] TITLES = {"Mr", "Ms", "Mrs", "Miss", "Dr"};
    private static final String[] ETHNICITY = {"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS",
        "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"};
    private static final int[] ETHNICITY_WEIGHTS = {600, 10, 3, 60, 5, 20, 10, 15, 20, 35, 45, 20, 20, 13, 40,
        6, 7, 20, 10, 10};
    private static final String[] SEN_NEEDS = {"SEMH", "SLCN", "SPLD", "MLD", "ASD", "OTH", "VI", "HI", "PD", "SLD"};

    private final NameLists names;
    private final int la;
    private final int estab;
    private final long seed;
    private final LocalDate referenceDate;
    private final int academicYearStart;

    public PupilFactory(NameLists names, String la, String estab, long seed, LocalDate referenceDate) {
        this.names = names;
        this.la = Integer.parseInt(la);
        this.estab = Integer.parseInt(estab);
        this.seed = seed;
        this.referenceDate = referenceDate;
        this.academicYearStart = academicYearStart(referenceDate);
    }

    /** The calendar year in which the English academic year containing {@code date} began. */
    public static int academicYearStart(LocalDate date) {
        return date.getMonthValue() >= 9 ? date.getYear() : date.getYear() - 1;
    }

    /** The first and last dates of birth of a pupil in NC year {@code ncYear} (reception is 0). */
    public static LocalDate[] birthRange(int ncYear, int academicYearStart) {
        int firstYear = academicYearStart - ncYear - 5;
        return new LocalDate[] {LocalDate.of(firstYear, 9, 1), LocalDate.of(firstYear + 1, 8, 31)};
    }

    public SyntheticPupil pupil(int i) {
        Random random = new Random(mix(seed, i));
        int ncYear = YEARS[weighted(random, YEAR_WEIGHTS)];
        LocalDate[] range = birthRange(ncYear, academicYearStart);
        LocalDate dob = range[0].plusDays(random.nextInt((int) ChronoUnit.DAYS.between(range[0], range[1]) + 1));
        char sex = random.nextBoolean() ? 'F' : 'M';
        List<String> forenames = sex == 'F' ? names.female() : names.male();
        String forename = pick(random, forenames);
        String surname = surname(random);
        String preferred = null;
        if (random.nextInt(100) < 5) {
            preferred = pick(random, forenames);
            if (preferred.equals(forename)) {
                preferred = null;
            }
        }
        int allocated = (academicYearStart - ncYear) % 100;
        boolean temporary = random.nextInt(100) == 0;
        String upn = upn(la, estab, i, allocated, temporary);
        String formerUpn = random.nextInt(50) == 0 ? upn((la + 1 + i % 50) % 1000, estab, i, allocated, false) : null;
        int groups = ncYear >= 12 ? 4 : 6;
        String regGroup = ncYear + String.valueOf((char) ('A' + random.nextInt(groups)));
        String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
        int set = 1 + random.nextInt(4);
        String className = ncYear + "/" + subject + set;
        String teacher = teacher(ncYear * 1000L + subject.hashCode() * 10L + set);
        String supervisor = headOfYear(ncYear);
        String ethnicity = ETHNICITY[weighted(random, ETHNICITY_WEIGHTS)];
        String language = language(random, ethnicity);
        int enrol = random.nextInt(100);
        String enrolStatus = enrol < 97 ? "C" : enrol < 99 ? "M" : "S";
        SyntheticPupil.Fsm fsm = random.nextInt(100) < 22 ? fsm(random, dob) : null;
        int senRoll = random.nextInt(1000);
        char sen = senRoll < 25 ? 'E' : senRoll < 145 ? 'K' : 'N';
        String senNeed = sen == 'N' ? null : SEN_NEEDS[random.nextInt(SEN_NEEDS.length)];
        LocalDate senStart = sen == 'N' ? null : between(random, dob.plusYears(5), referenceDate.minusDays(1));
        boolean pupilPremium = fsm != null || random.nextInt(100) < 3;
        boolean suppInfo = random.nextInt(100) == 0;
        return new SyntheticPupil(upn, formerUpn, surname, forename, preferred, dob, sex, String.format("%06d", i + 1),
                ncYear, regGroup, className, teacher, supervisor, ethnicity, language, enrolStatus, fsm, sen,
                senNeed, senStart, pupilPremium, suppInfo);
    }

    /**
     * A UPN unique per {@code i}: the serial is {@code i mod 1000} and the establishment number moves
     * on by one for every thousand pupils (as if they were first registered at neighbouring schools).
     * A temporary UPN spells the serial as two digits and a letter.
     */
    static String upn(int la, int estab, int i, int allocatedYear, boolean temporary) {
        int serial = i % 1000;
        int estabOfAllocation = (estab + i / 1000) % 10000;
        String tail = temporary
                ? String.format("%02d%c", serial / 23, Upn.ALPHABET.charAt(serial % 23))
                : String.format("%03d", serial);
        String body = String.format("%03d%04d%02d", la, estabOfAllocation, allocatedYear) + tail;
        return Upn.checkLetter(body) + body;
    }

    private String surname(Random random) {
        String surname = pick(random, names.surnames());
        if (random.nextInt(100) < 3) {
            String second = pick(random, names.surnames());
            if (!second.equals(surname) && surname.matches("\\p{L}+") && second.matches("\\p{L}+")) {
                return surname + "-" + second;
            }
        }
        return surname;
    }

    private String teacher(long classKey) {
        Random random = new Random(mix(seed ^ 0x7EAC4E5L, classKey));
        return TITLES[random.nextInt(TITLES.length)] + " " + (char) ('A' + random.nextInt(26)) + ". "
                + pick(random, names.surnames());
    }

    private String headOfYear(int ncYear) {
        Random random = new Random(mix(seed ^ 0x4EAD0FL, ncYear));
        List<String> forenames = random.nextBoolean() ? names.female() : names.male();
        return pick(random, names.surnames()) + ", " + pick(random, forenames);
    }

    private static String language(Random random, String ethnicity) {
        int roll = random.nextInt(100);
        String[] others = switch (ethnicity) {
            case "WOTH" -> new String[] {"POL", "LIT", "POR", "SPA", "ITA", "FRN"};
            case "WROM" -> new String[] {"ROM", "RMN"};
            case "APKN" -> new String[] {"URD", "PNJ", "PAH"};
            case "ABAN" -> new String[] {"BNG", "SYL"};
            case "AIND" -> new String[] {"GUJ", "PNJ", "TAM", "HIN"};
            case "BAFR" -> new String[] {"SOM", "YOR", "IGB", "AKA"};
            case "CHNE" -> new String[] {"CHI", "CAN", "MAN"};
            case "OOTH", "AOTH", "REFU" -> new String[] {"ARA", "TUR", "PRS", "KUR", "OTH"};
            default -> null;
        };
        if (others == null || roll < 35) {
            return roll < 99 || others == null ? "ENG" : "OTB";
        }
        return others[random.nextInt(others.length)];
    }

    private SyntheticPupil.Fsm fsm(Random random, LocalDate dob) {
        LocalDate earliest = dob.plusYears(4).isAfter(referenceDate.minusYears(6)) ? dob.plusYears(4)
                : referenceDate.minusYears(6);
        LocalDate start = between(random, earliest, referenceDate.minusDays(30));
        LocalDate end = null;
        if (random.nextInt(100) < 30) {
            LocalDate candidate = start.plusDays(90 + random.nextInt(610));
            end = candidate.isBefore(referenceDate) ? candidate : referenceDate.minusDays(1);
        }
        return new SyntheticPupil.Fsm(referenceDate.minusDays(random.nextInt(180)), start, end);
    }

    private static LocalDate between(Random random, LocalDate first, LocalDate last) {
        long days = ChronoUnit.DAYS.between(first, last);
        return days <= 0 ? first : first.plusDays(random.nextInt((int) days + 1));
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static int weighted(Random random, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int roll = random.nextInt(total);
        for (int k = 0; k < weights.length; k++) {
            roll -= weights[k];
            if (roll < 0) {
                return k;
            }
        }
        throw new IllegalStateException();
    }

    /** SplitMix64 of seed and index: independent, well-spread per-pupil seeds. */
    static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
