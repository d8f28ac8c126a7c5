package org.custodian.terms.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.tenancy.Tenancy;
import org.custodian.terms.SchoolTerms;
import org.custodian.terms.Term;
import org.custodian.terms.internal.EnglishTerms.DefaultTerm;
import org.custodian.terms.internal.TermRules.TermEdit;
import org.custodian.web.FormErrors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Term dates in {@code school_term}, always in the school's own scope. Writes (defaults and the
 * admin's changes) hold a per-school advisory lock, so two instances or two requests cannot both
 * fill in defaults, and a change is checked against the terms as they are at that moment.
 */
@Service
class JdbcSchoolTerms implements SchoolTerms {

    /** Schools keep UK time: a term starts at midnight in the UK, not in UTC. */
    static final ZoneId UK = ZoneId.of("Europe/London");

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Clock clock;

    JdbcSchoolTerms(JdbcClient jdbc, Tenancy tenancy, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    LocalDate today() {
        return clock.instant().atZone(UK).toLocalDate();
    }

    @Override
    public List<Term> terms(UUID schoolId) {
        LocalDate today = today();
        return tenancy.inSchool(schoolId, () -> {
            ensureDefaults(schoolId, today);
            return list(schoolId);
        });
    }

    @Override
    public Optional<Term> latestStarted(UUID schoolId) {
        LocalDate today = today();
        return tenancy.inSchool(schoolId, () -> {
            ensureDefaults(schoolId, today);
            return jdbc.sql("select * from school_term where school_id = ? and starts_on <= ? "
                            + "order by starts_on desc limit 1")
                    .params(schoolId, Date.valueOf(today))
                    .query(JdbcSchoolTerms::map).optional();
        });
    }

    /** Checks the page's changes against the terms as they are now and applies them if they pass. */
    FormErrors save(UUID schoolId, List<TermEdit> edits) {
        LocalDate today = today();
        return tenancy.inSchool(schoolId, () -> {
            lock(schoolId);
            TermRules.Outcome outcome = TermRules.check(list(schoolId), edits, today);
            outcome.removals().forEach(id -> jdbc.sql("delete from school_term where school_id = ? and id = ?")
                    .params(schoolId, id).update());
            outcome.writes().forEach(term -> jdbc.sql("""
                            insert into school_term (school_id, id, name, starts_on, ends_on) values (?, ?, ?, ?, ?)
                            on conflict (school_id, id) do update
                                set name = excluded.name, starts_on = excluded.starts_on, ends_on = excluded.ends_on""")
                    .params(schoolId, term.id(), term.name(), Date.valueOf(term.startsOn()),
                            Date.valueOf(term.endsOn()))
                    .update());
            return outcome.errors();
        });
    }

    /**
     * Fills in the default terms of the current and the next academic year when the school has no
     * term starting in that year; a default that would overlap a term the school set is left out.
     */
    private void ensureDefaults(UUID schoolId, LocalDate today) {
        int year = EnglishTerms.academicYearOf(today);
        if (!hasTermsIn(schoolId, year) || !hasTermsIn(schoolId, year + 1)) {
            lock(schoolId);
            List<Term> existing = new ArrayList<>(list(schoolId));
            for (int academicYear : List.of(year, year + 1)) {
                if (hasTermsIn(schoolId, academicYear)) {
                    continue; // filled in meanwhile by whoever held the lock before us
                }
                for (DefaultTerm term : EnglishTerms.academicYear(academicYear)) {
                    if (existing.stream().noneMatch(other -> overlaps(other, term))) {
                        Term added = new Term(UUID.randomUUID(), term.name(), term.startsOn(), term.endsOn());
                        jdbc.sql("insert into school_term (school_id, id, name, starts_on, ends_on) values (?, ?, ?, ?, ?)")
                                .params(schoolId, added.id(), added.name(), Date.valueOf(added.startsOn()),
                                        Date.valueOf(added.endsOn()))
                                .update();
                        existing.add(added);
                    }
                }
            }
        }
    }

    private boolean hasTermsIn(UUID schoolId, int academicYear) {
        return jdbc.sql("select exists (select 1 from school_term where school_id = ? and starts_on between ? and ?)")
                .params(schoolId, Date.valueOf(EnglishTerms.firstDayOf(academicYear)),
                        Date.valueOf(EnglishTerms.lastDayOf(academicYear)))
                .query(Boolean.class).single();
    }

    private List<Term> list(UUID schoolId) {
        return jdbc.sql("select * from school_term where school_id = ? order by starts_on")
                .param(schoolId).query(JdbcSchoolTerms::map).list();
    }

    /** Held until the transaction ends; keyed by the school, so schools never wait for each other. */
    private void lock(UUID schoolId) {
        jdbc.sql("select 1 from (select pg_advisory_xact_lock(hashtextextended(?, 0))) locked")
                .param("school_term:" + schoolId).query(Integer.class).single();
    }

    private static boolean overlaps(Term term, DefaultTerm candidate) {
        return !candidate.startsOn().isAfter(term.endsOn()) && !term.startsOn().isAfter(candidate.endsOn());
    }

    private static Term map(ResultSet row, int rowNumber) throws SQLException {
        return new Term(row.getObject("id", UUID.class), row.getString("name"),
                row.getDate("starts_on").toLocalDate(), row.getDate("ends_on").toLocalDate());
    }
}
