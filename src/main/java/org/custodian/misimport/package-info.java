/**
 * Importing pupil data from a school's management information system (MIS): Common Transfer
 * Files (CTF XML) and CSV exports (DOMAIN §2–§4), read as streams by hostile-input-safe readers,
 * previewed as a dry run and committed in one transaction through {@link org.custodian.pupils.PupilImports}
 * (purpose {@code DATA_MANAGEMENT}). {@link org.custodian.misimport.MisImports} serves scripted set-ups
 * such as the demo school; {@link org.custodian.misimport.SyntheticSchoolData} writes valid synthetic
 * files for tests and benchmarks ({@link org.custodian.misimport.GenerateMisFile} on the command line).
 */
@org.springframework.modulith.ApplicationModule(displayName = "MIS import")
package org.custodian.misimport;
