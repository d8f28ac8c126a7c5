package org.custodian.retention.internal;

import java.util.List;

import org.custodian.mail.Mailer;
import org.custodian.retention.DeletionCertificates;
import org.custodian.retention.DeletionCertificates.CategoryDeletion;
import org.custodian.retention.DeletionCertificates.Certificate;
import org.custodian.retention.DeletionCertificates.Kind;
import org.custodian.retention.PurgeReport;
import org.custodian.retention.SchoolPurged;
import org.custodian.retention.SchoolPurges;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Once a school's purge has committed: one signed PURGE certificate from the purge report, emailed to
 * the school's main contact. The purge report keeps, per category, the SHA-256 of the sorted deleted
 * ids; the certificate's digest is over those per-category lines ({@code CATEGORY:sha256}), so the
 * report and the certificate check each other. Issued once, however often the event is delivered.
 */
@Component
class PurgeCertificates {

    private final SchoolPurges purges;
    private final DeletionCertificates certificates;
    private final Schools schools;
    private final Mailer mailer;

    PurgeCertificates(SchoolPurges purges, DeletionCertificates certificates, Schools schools, Mailer mailer) {
        this.purges = purges;
        this.certificates = certificates;
        this.schools = schools;
        this.mailer = mailer;
    }

    @ApplicationModuleListener
    void on(SchoolPurged purged) {
        PurgeReport report = purges.report(purged.schoolId()).orElse(null);
        if (report == null || certificates.list(purged.schoolId()).stream().anyMatch(c -> c.kind() == Kind.PURGE)) {
            return;
        }
        List<CategoryDeletion> categories = report.counts().stream()
                .map(count -> new CategoryDeletion(count.category(), count.deleted(), null, report.purgedAt(),
                        DeletionCertificates.CRYPTO_SHREDDING))
                .toList();
        List<String> digests = report.counts().stream()
                .filter(count -> count.idsSha256() != null)
                .map(count -> count.category() + ":" + count.idsSha256()).toList();
        Certificate certificate = certificates.issue(Kind.PURGE, purged.schoolId(), categories, digests);
        schools.forSystem(purged.schoolId()).ifPresent(school -> mail(school, certificate));
    }

    private void mail(School school, Certificate certificate) {
        String body = """
                The contract for %s has ended and its grace period is over. Custodian has deleted the school's
                data: its keys were destroyed, so every copy of the data, backups included, can no longer be read,
                and its records were deleted. Only the school's name, dates and these records are kept.

                Below is the signed deletion certificate. Keep it. To check it, save the text between the
                lines as certificate.json and run:
                  java -jar custodian.jar verify-certificate --certificate certificate.json --public-key key.pem
                with the platform's public key (GET /api/v1/access-log/public-key.pem).

                -----
                %s
                -----
                """.formatted(school.name(), JdbcDeletionCertificates.download(certificate));
        mailer.send(school.contactEmail(), "Custodian: deletion certificate for " + school.name(), body);
    }
}
