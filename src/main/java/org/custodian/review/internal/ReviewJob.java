package org.custodian.review.internal;

import java.time.ZoneId;
import java.util.EnumSet;

import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Creates, once a day, the review of every school whose term has started, so a review exists even
 * if no admin opens the page. A plain Spring scheduled task on every instance: no leader is needed,
 * because creating a review is idempotent (unique school and term, {@code ON CONFLICT DO NOTHING})
 * and default terms are filled in under a per-school advisory lock.
 */
@Component
@EnableScheduling
class ReviewJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ReviewJob.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final EnumSet<SchoolState> IN_SERVICE = EnumSet.of(SchoolState.TRIAL, SchoolState.ACTIVE);

    private final Schools schools;
    private final TermlyReviews reviews;
    private final ReviewProperties properties;

    ReviewJob(Schools schools, TermlyReviews reviews, ReviewProperties properties) {
        this.schools = schools;
        this.reviews = reviews;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!"-".equals(properties.schedule())) {
            registrar.addCronTask(new CronTask(this::createDueReviews, new CronTrigger(properties.schedule(), UK)));
        }
    }

    /** One school's failure is logged (its id only) and does not stop the others. */
    int createDueReviews() {
        int schoolsWithReview = 0;
        for (Schools.Status school : schools.statuses()) {
            if (!IN_SERVICE.contains(school.state())) {
                continue;
            }
            try {
                if (reviews.current(school.id()).isPresent()) {
                    schoolsWithReview++;
                }
            } catch (RuntimeException e) {
                log.error("Could not create the termly review of school {}: {}", school.id(),
                        e.getClass().getSimpleName());
            }
        }
        return schoolsWithReview;
    }
}
