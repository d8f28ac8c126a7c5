package org.custodian.rights.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.SubjectAccessHistory;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.StaffAccounts;
import org.custodian.identity.StaffAccounts.StaffAccount;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.rights.internal.AccessBundleStore.Bundle;
import org.custodian.rights.internal.AccessBundleStore.Item;
import org.custodian.rights.internal.AccessBundleStore.Link;
import org.custodian.rights.internal.RequestVocabulary.RequestType;
import org.custodian.rights.internal.RequestVocabulary.SubjectKind;
import org.custodian.rights.internal.RightsRequestStore.Step;
import org.custodian.rights.internal.RightsRequestStore.StoredRequest;
import org.custodian.schools.Schools;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Access and portability bundles: built from the pupil's record (read through the facade under
 * {@code SUBJECT_RIGHTS_REQUEST}) and their access history with proofs, stored encrypted, reviewed by
 * the DPO (items withheld with an exemption), then released (logged in the access log and the
 * request's timeline) and downloaded, by the DPO or once by the requester through a link and passcode.
 */
@Service
class AccessBundles {

    static final String PURPOSE = RightsRequestRegister.PURPOSE;
    static final String BUILD_REASON = "Building an access bundle for a subject-rights request";
    /** What a staff bundle reads of the account, as the access log names a staff record's categories. */
    static final List<String> STAFF_FIELDS = List.of("staff.name", "staff.email", "staff.role", "staff.account");
    static final String RELEASE_REASON = "Releasing an access bundle to the requester";
    static final Duration LINK_LIFETIME = Duration.ofDays(7);
    static final int MAX_PASSCODE_ATTEMPTS = 5;
    static final int MAX_EXEMPTION = 500;
    private static final ZoneId UK = ZoneId.of("Europe/London");
    /** No 0/O, 1/I/L: read aloud or copied from a letter without doubt. */
    private static final String PASSCODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RightsRequestStore requests;
    private final AccessBundleStore store;
    private final PupilRecords pupils;
    private final SubjectAccessHistory history;
    private final ProcessingRegister register;
    private final AccessLog accessLog;
    private final Schools schools;
    private final StaffAccounts staff;
    private final Tenancy tenancy;
    private final PasswordEncoder passwords;
    private final Clock clock;

    AccessBundles(RightsRequestStore requests, AccessBundleStore store, PupilRecords pupils, SubjectAccessHistory history,
                  ProcessingRegister register, AccessLog accessLog, Schools schools, Tenancy tenancy,
                  PasswordEncoder passwords, StaffAccounts staff, Clock clock) {
        this.staff = staff;
        this.requests = requests;
        this.store = store;
        this.pupils = pupils;
        this.history = history;
        this.register = register;
        this.accessLog = accessLog;
        this.schools = schools;
        this.tenancy = tenancy;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** A released bundle's one-time link: the path (with its token) and the passcode, shown once. */
    record NewLink(String path, String passcode, Instant expiresAt) {
        @Override
        public String toString() {
            return "NewLink[redacted]";
        }
    }

    Bundle build(CustodianUser user, UUID requestId, String httpRequestId, String sourceIp) {
        UUID school = user.ownSchoolId();
        String schoolName = schools.get(school, user).name();
        return tenancy.inSchool(school, () -> {
            StoredRequest request = request(school, requestId);
            if (request.type() != RequestType.ACCESS && request.type() != RequestType.PORTABILITY) {
                throw ProblemException.conflict("bundle-not-applicable",
                        "Only access and portability requests have a bundle. Nothing was built.");
            }
            if (request.last().status().closed()) {
                throw ProblemException.conflict("rights-request-closed", "The request is closed. Nothing was built.");
            }
            Instant now = clock.instant();
            boolean portability = request.type() == RequestType.PORTABILITY;
            AccessBundleBuilder.Input input;
            if (request.subjectKind() == SubjectKind.STAFF) {
                StaffAccount account = staff.of(school).stream().filter(a -> a.id().equals(request.subjectId())).findFirst()
                        .orElseThrow(() -> ProblemException.notFound("subject-not-found",
                                "The member of staff's account is no longer held. Nothing was built."));
                // Logged under the rights purpose (not staff administration), without a reason: a reason
                // would be encrypted under the staff member's own key, which an account need not have.
                accessLog.append(new AccessEntry(school, user.id(), user.role().name(), List.of(account.id()),
                        STAFF_FIELDS, AccessAction.READ, PURPOSE, null, httpRequestId, sourceIp));
                input = new AccessBundleBuilder.Input(requestId, portability, null, account,
                        history.history(school, account.id()), register.staffPurposes(), schoolName, now);
            } else {
                input = new AccessBundleBuilder.Input(requestId, portability, pupil(user, request, httpRequestId, sourceIp),
                        null, history.history(school, request.subjectId()), register.purposes(), schoolName, now);
            }
            List<AccessBundleBuilder.File> files = AccessBundleBuilder.build(input);
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                items.add(new Item(i + 1, files.get(i).name(), files.get(i).content(), false, null));
            }
            UUID id = UUID.randomUUID();
            store.insert(school, requestId, id, now, user.id(), items);
            return store.latest(school, requestId, false).orElseThrow();
        });
    }

    private PupilRecord pupil(CustodianUser user, StoredRequest request, String httpRequestId, String sourceIp) {
        try {
            return pupils.read(new AccessContext(user, PURPOSE, BUILD_REASON, httpRequestId, sourceIp),
                    request.subjectId(), EnumSet.allOf(OptionalCategory.class));
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.GONE) {
                throw ProblemException.notFound("subject-not-found",
                        "The pupil's record is no longer held (erased?). Nothing was built.");
            }
            throw e;
        }
    }

    Bundle get(CustodianUser user, UUID requestId) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            request(school, requestId);
            return latest(school, requestId, false);
        });
    }

    /**
     * The DPO's review: the items named in {@code withheld} (by position) are withheld with their
     * exemption, every other item is included. Marks the bundle reviewed. A released bundle cannot
     * be reviewed again (build a new one).
     */
    Bundle review(CustodianUser user, UUID requestId, Map<Integer, String> withheld) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            request(school, requestId);
            Bundle bundle = latest(school, requestId, false);
            store.lock(school, bundle.id());
            bundle = latest(school, requestId, false);
            if (bundle.released()) {
                throw ProblemException.conflict("bundle-already-released",
                        "This bundle has been released; build a new one to change it. Nothing was changed.");
            }
            List<Integer> positions = bundle.items().stream().map(Item::position).toList();
            for (Integer position : withheld.keySet()) {
                if (!positions.contains(position)) {
                    throw ProblemException.badRequest("bundle-item-unknown",
                            "The bundle has no item " + position + ". Nothing was changed.");
                }
            }
            for (Item item : bundle.items()) {
                store.review(school, requestId, bundle.id(), item.position(), withheld.get(item.position()));
            }
            store.markReviewed(school, bundle.id(), clock.instant(), user.id());
            return latest(school, requestId, false);
        });
    }

    /**
     * Releases the reviewed bundle: an access-log entry naming the pupil and the items released, and a
     * note in the request's timeline. With {@code link}, also a one-time download link for the requester.
     */
    Released release(CustodianUser user, UUID requestId, boolean link, String httpRequestId, String sourceIp) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            StoredRequest request = request(school, requestId);
            Bundle bundle = latest(school, requestId, false);
            store.lock(school, bundle.id());
            bundle = latest(school, requestId, false);
            if (!bundle.reviewed()) {
                throw ProblemException.conflict("bundle-not-reviewed",
                        "The bundle has not been reviewed: review its items (withhold any exempt ones) first. Nothing was released.");
            }
            if (bundle.released()) {
                throw ProblemException.conflict("bundle-already-released", "This bundle has already been released.");
            }
            if (request.last().status() == RequestStatus.REFUSED) {
                throw ProblemException.conflict("rights-request-closed", "The request was refused. Nothing was released.");
            }
            Instant now = clock.instant();
            List<Item> included = bundle.items().stream().filter(i -> !i.withheld()).toList();
            List<String> fields = new ArrayList<>(List.of("rights-bundle"));
            included.forEach(i -> fields.add(i.name()));
            accessLog.append(new AccessEntry(school, user.id(), user.role().name(), List.of(request.subjectId()),
                    fields, AccessAction.EXPORT, PURPOSE, RELEASE_REASON, httpRequestId, sourceIp));
            store.markReleased(school, bundle.id(), now, user.id());
            Step last = request.last();
            LocalDate today = LocalDate.ofInstant(now, UK);
            String note = "Bundle released: " + included.size() + " of " + bundle.items().size() + " items"
                    + (included.size() < bundle.items().size() ? ", " + (bundle.items().size() - included.size()) + " withheld" : "")
                    + (link ? "; one-time download link created" : "") + ".";
            requests.append(school, requestId, new Step(last.position() + 1, last.status(),
                    today.isBefore(last.occurredOn()) ? last.occurredOn() : today, now, user.id(), note,
                    last.extensionMonths(), last.status() == RequestStatus.EXTENDED ? "Extension stands; " + note : null,
                    null));
            NewLink newLink = null;
            if (link) {
                byte[] token = new byte[32];
                RANDOM.nextBytes(token);
                String tokenText = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
                String passcode = passcode();
                Instant expires = now.plus(LINK_LIFETIME);
                store.insertLink(school, sha256(tokenText), bundle.id(), passwords.encode(passcode), user.id(), now, expires);
                newLink = new NewLink("/bundle-download/" + school + "/" + tokenText, passcode, expires);
            }
            return new Released(latest(school, requestId, false), newLink);
        });
    }

    record Released(Bundle bundle, NewLink link) {
    }

    /** The released ZIP (withheld items left out), for the DPO to send. */
    byte[] download(CustodianUser user, UUID requestId) {
        UUID school = user.ownSchoolId();
        return tenancy.inSchool(school, () -> {
            request(school, requestId);
            Bundle bundle = latest(school, requestId, true);
            if (!bundle.released()) {
                throw ProblemException.conflict("bundle-not-released",
                        "The bundle has not been released yet: review and release it first.");
            }
            return zip(bundle);
        });
    }

    /** What the requester's link leads to: whether it can still be used (no passcode checked). */
    boolean linkUsable(UUID school, String token) {
        return tenancy.inSchool(school, () -> store.lockLink(school, sha256(token)).filter(this::usable).isPresent());
    }

    /**
     * The requester's download: the ZIP if the link is usable and the passcode right, and the link is
     * used up; a wrong passcode counts an attempt ({@value #MAX_PASSCODE_ATTEMPTS} end the link).
     */
    byte[] downloadByLink(UUID school, String token, String passcode) {
        byte[] tokenHash = sha256(token);
        Object result = tenancy.inSchool(school, () -> {
            Link link = store.lockLink(school, tokenHash).filter(this::usable).orElse(null);
            if (link == null) {
                return ProblemException.notFound("bundle-link-unusable",
                        "This download link has expired, has been used, or does not exist. Ask the school for a new one.");
            }
            String given = passcode == null ? "" : passcode.strip().replace(" ", "").replace("-", "").toUpperCase(java.util.Locale.ROOT);
            if (!passwords.matches(given, link.passcodeHash())) {
                store.linkFailed(school, tokenHash);
                return ProblemException.forbidden("bundle-passcode-wrong",
                        "The passcode is not right. After " + MAX_PASSCODE_ATTEMPTS + " wrong tries the link stops working.");
            }
            store.linkUsed(school, tokenHash, clock.instant());
            return zip(store.byId(school, link.bundleId()).orElseThrow());
        });
        if (result instanceof ProblemException problem) {
            // Thrown outside the transaction, so the counted attempt commits.
            throw problem;
        }
        return (byte[]) result;
    }

    private boolean usable(Link link) {
        return link.downloadedAt() == null && clock.instant().isBefore(link.expiresAt())
                && link.failedAttempts() < MAX_PASSCODE_ATTEMPTS;
    }

    static byte[] zip(Bundle bundle) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Item item : bundle.items()) {
                if (item.withheld()) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(item.name()));
                zip.write(item.content());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private StoredRequest request(UUID school, UUID requestId) {
        return requests.find(school, requestId).orElseThrow(() -> ProblemException.notFound("rights-request-not-found",
                "There is no such request at your school."));
    }

    private Bundle latest(UUID school, UUID requestId, boolean contents) {
        return store.latest(school, requestId, contents).orElseThrow(() -> ProblemException.notFound("bundle-not-built",
                "No bundle has been built for this request yet."));
    }

    /** Ten characters from a 31-letter alphabet: about 50 bits, with five tries per link. */
    private static String passcode() {
        StringBuilder out = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            out.append(PASSCODE_ALPHABET.charAt(RANDOM.nextInt(PASSCODE_ALPHABET.length())));
        }
        return out.toString();
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
