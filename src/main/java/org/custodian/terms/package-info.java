/**
 * Term dates of each school: the usual English terms by default (computed, Easter included), edited
 * by the school admin. Other modules ask which term has most recently started (the termly review).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Terms")
package org.custodian.terms;
