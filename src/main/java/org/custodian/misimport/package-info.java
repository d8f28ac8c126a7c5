/**
 * Importing pupil data from a school's management information system (MIS): Common Transfer
 * Files (CTF XML) and CSV exports (DOMAIN §2–§4). So far only {@link org.custodian.misimport.SyntheticSchoolData},
 * a streaming generator of valid synthetic files for tests and benchmarks, and its command line
 * {@link org.custodian.misimport.GenerateMisFile}; the importer itself is still to come.
 */
@org.springframework.modulith.ApplicationModule(displayName = "MIS import")
package org.custodian.misimport;
