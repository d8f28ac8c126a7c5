/**
 * The termly access review: when a term starts, the school admin confirms or disables every
 * account of the school; accounts nobody has used for a while are flagged as dormant and can be
 * disabled together. Each decision is recorded with who made it and when.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Termly review")
package org.custodian.review;
