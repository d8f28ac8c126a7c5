/**
 * Data-subject rights: the statutory deadlines. Subject-rights requests (one calendar month, clock
 * stops, extensions, each nation's bank holidays), parents' educational-record requests (15 school
 * days from the school's term dates) and breach reports (72 hours).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Rights")
package org.custodian.rights;
