package org.custodian.pupils.internal;

import java.util.List;
import java.util.Locale;

import org.custodian.accesslog.PupilFinder;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilRecords;
import org.custodian.pupils.PupilRecords.PupilSearch;
import org.custodian.pupils.Upn;
import org.springframework.stereotype.Component;

/**
 * Finds pupils for access-log reviewers through {@link PupilRecords#search}: a valid UPN is looked
 * up by its blind index, anything else as a name, and the search is checked and logged as any other.
 */
@Component
class AccessLogPupilFinder implements PupilFinder {

    private final PupilRecords pupils;

    AccessLogPupilFinder(PupilRecords pupils) {
        this.pupils = pupils;
    }

    @Override
    public List<Match> find(Lookup lookup) {
        String typed = lookup.upnOrName() == null ? "" : lookup.upnOrName().strip();
        if (typed.isEmpty()) {
            return List.of();
        }
        String upn = typed.toUpperCase(Locale.ROOT);
        PupilSearch search = Upn.isValid(upn) ? new PupilSearch(upn, null, 0, MAX_MATCHES)
                : new PupilSearch(null, typed, 0, MAX_MATCHES);
        AccessContext context = new AccessContext(lookup.reviewer(), lookup.purpose(), lookup.reason(),
                lookup.requestId(), lookup.sourceIp());
        return pupils.search(context, search).pupils().stream()
                .map(pupil -> new Match(pupil.id(), pupil.upn(), pupil.forename() + " " + pupil.surname(),
                        pupil.dateOfBirth()))
                .toList();
    }
}
