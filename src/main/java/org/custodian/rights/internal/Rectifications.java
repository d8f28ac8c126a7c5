package org.custodian.rights.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.custodian.accesslog.SubjectRecipients;
import org.custodian.accesslog.SubjectRecipients.Recipient;
import org.custodian.identity.CustodianUser;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.rights.internal.RectificationStore.Correction;
import org.custodian.rights.internal.RequestVocabulary.RequestType;
import org.custodian.rights.internal.RequestVocabulary.SubjectKind;
import org.custodian.rights.internal.RightsRequestStore.StoredRequest;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.stereotype.Service;

/**
 * Rectification (UK GDPR Art 16): corrects a pupil's fields through {@link PupilRecords} under the
 * purpose SUBJECT_RIGHTS_REQUEST, in one transaction with the record of each field's old and new
 * value, and lists from the access log whom the correction must be passed on to (Art 19).
 */
@Service
class Rectifications {

    static final String PURPOSE = RightsRequestRegister.PURPOSE;
    /** The mandatory fields a rectification may correct, as the API names them. */
    static final List<String> FIELDS = List.of("upn", "forename", "surname", "dateOfBirth", "admissionNumber", "sex",
            "ncYear", "registrationGroup");
    /** An optional category is corrected as {@code categories.<NAME>}, e.g. {@code categories.FIRST_LANGUAGE}. */
    static final String CATEGORY_PREFIX = "categories.";

    private final RightsRequestStore requests;
    private final RectificationStore store;
    private final PupilRecords pupils;
    private final CategorySettings categorySettings;
    private final SubjectRecipients recipients;
    private final Tenancy tenancy;
    private final Clock clock;

    Rectifications(RightsRequestStore requests, RectificationStore store, PupilRecords pupils,
                   CategorySettings categorySettings, SubjectRecipients recipients, Tenancy tenancy, Clock clock) {
        this.requests = requests;
        this.store = store;
        this.pupils = pupils;
        this.categorySettings = categorySettings;
        this.recipients = recipients;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    /** The request's corrections so far, and the recipients each must be passed on to. */
    record Rectification(UUID requestId, UUID pupilId, List<Correction> corrections, List<Recipient> recipients) {
    }

    /**
     * The pupil as it stands, with the optional categories the school collects, read for the
     * rectification form (logged, under the rights workflow's purpose, with its reason).
     */
    PupilRecord current(CustodianUser user, UUID requestId, String httpRequestId, String sourceIp) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            StoredRequest request = rectificationRequest(school, requestId);
            return pupils.read(context(user, requestId, httpRequestId, sourceIp), request.subjectId(),
                    categorySettings.enabled(school));
        });
    }

    /** The field names a rectification may correct: the mandatory fields and {@code categories.<NAME>}. */
    static boolean correctable(String field) {
        if (FIELDS.contains(field)) {
            return true;
        }
        if (field != null && field.startsWith(CATEGORY_PREFIX)) {
            String name = field.substring(CATEGORY_PREFIX.length());
            return java.util.Arrays.stream(OptionalCategory.values()).anyMatch(c -> c.name().equals(name));
        }
        return false;
    }

    Rectification get(CustodianUser user, UUID requestId) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            StoredRequest request = rectificationRequest(school, requestId);
            return rectification(school, request);
        });
    }

    /**
     * Corrects the given fields (API names; a blank value empties an optional field) if the record is
     * still at {@code expectedVersion}; refuses with the data path's problems otherwise.
     */
    Rectification rectify(CustodianUser user, UUID requestId, Map<String, String> fields, long expectedVersion,
                          String httpRequestId, String sourceIp) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            StoredRequest request = rectificationRequest(school, requestId);
            if (request.last().status().closed()) {
                throw ProblemException.conflict("rights-request-closed",
                        "The request is closed: a correction needs an open rectification request.");
            }
            UUID pupilId = request.subjectId();
            AccessContext context = context(user, requestId, httpRequestId, sourceIp);
            // Optional categories are read (a sensitive read, under this purpose's reason) only when one is corrected.
            boolean categories = fields.keySet().stream().anyMatch(field -> field.startsWith(CATEGORY_PREFIX));
            Set<OptionalCategory> read = categories ? categorySettings.enabled(school) : Set.of();
            PupilRecord before = pupils.read(context, pupilId, read);
            Map<String, String> old = values(before);
            Map<String, String> wanted = new LinkedHashMap<>(old);
            fields.forEach((field, value) -> wanted.put(field, value == null || value.isBlank() ? null : value.strip()));
            Map<String, String> categoryValues = new LinkedHashMap<>();
            wanted.forEach((field, value) -> {
                if (field.startsWith(CATEGORY_PREFIX) && value != null) {
                    categoryValues.put(field.substring(CATEGORY_PREFIX.length()), value);
                }
            });
            PupilData data = new PupilData(wanted.get("upn"), wanted.get("forename"), wanted.get("surname"),
                    wanted.get("dateOfBirth"), wanted.get("admissionNumber"), wanted.get("sex"), wanted.get("ncYear"),
                    wanted.get("registrationGroup"), before.classes().stream()
                    .filter(c -> c.kind().equals("TEACHING")).map(PupilRecord.SchoolClass::code).toList(),
                    categories ? categoryValues : Map.of());
            var written = categories ? pupils.update(context, pupilId, expectedVersion, data)
                    : pupils.updateMandatory(context, pupilId, expectedVersion, data);
            // What was stored (the data path normalises), not what was sent.
            Map<String, String> after = values(pupils.read(context, pupilId, read));
            long change = recipients.latestChange(school, pupilId).orElseThrow();
            List<Correction> corrections = new ArrayList<>();
            java.util.Set<String> compared = new java.util.LinkedHashSet<>(FIELDS);
            compared.addAll(old.keySet());
            compared.addAll(after.keySet());
            for (String field : compared) {
                if (!Objects.equals(old.get(field), after.get(field))) {
                    corrections.add(new Correction(0, field, old.get(field), after.get(field), clock.instant(),
                            user.id(), written.version(), change));
                }
            }
            store.append(school, requestId, corrections);
            return rectification(school, request);
        });
    }

    private Rectification rectification(UUID school, StoredRequest request) {
        List<Correction> corrections = store.all(school, request.id());
        Map<Long, Recipient> found = new TreeMap<>();
        corrections.stream().map(Correction::logSequence).distinct().forEach(change ->
                recipients.beforeChange(school, request.subjectId(), change)
                        .forEach(recipient -> found.putIfAbsent(recipient.sequence(), recipient)));
        List<Recipient> ordered = found.values().stream()
                .sorted(java.util.Comparator.comparing(Recipient::occurredAt).thenComparing(Recipient::sequence))
                .toList();
        return new Rectification(request.id(), request.subjectId(), corrections, ordered);
    }

    private StoredRequest rectificationRequest(UUID school, UUID requestId) {
        StoredRequest request = requests.find(school, requestId).orElseThrow(() ->
                ProblemException.notFound("rights-request-not-found", "There is no such request at your school."));
        if (request.type() != RequestType.RECTIFICATION || request.subjectKind() != SubjectKind.PUPIL) {
            throw ProblemException.conflict("request-type-mismatch",
                    "Only a rectification request about a pupil corrects a pupil's record.");
        }
        return request;
    }

    private static AccessContext context(CustodianUser user, UUID requestId, String httpRequestId, String sourceIp) {
        return new AccessContext(user, PURPOSE, "Rectification for rights request " + requestId, httpRequestId,
                sourceIp);
    }

    /** The record's correctable fields as strings, by API name. */
    static Map<String, String> values(PupilRecord pupil) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("upn", pupil.upn());
        values.put("forename", pupil.forename());
        values.put("surname", pupil.surname());
        values.put("dateOfBirth", pupil.dateOfBirth() == null ? null : pupil.dateOfBirth().toString());
        values.put("admissionNumber", pupil.admissionNumber());
        values.put("sex", pupil.sex() == null ? null : pupil.sex().name());
        values.put("ncYear", pupil.ncYear());
        values.put("registrationGroup", pupil.registrationGroup());
        pupil.categories().forEach((category, value) -> values.put(CATEGORY_PREFIX + category.name(), value));
        return values;
    }
}
