package org.custodian.schools;

import java.util.List;

import org.custodian.identity.CustodianUser;

/**
 * What in a school waits for someone to act, for the school's home page. Implemented by each module
 * that owns such work (reviews, imports, the access log); every item is one the user may act on.
 * Called for a member of a school's staff.
 */
public interface SchoolAttention {

    List<Item> itemsFor(CustodianUser user);

    /** One thing to do: what it is, in a sentence with no personal data, and the page to do it on. */
    record Item(String message, String link) {
    }
}
