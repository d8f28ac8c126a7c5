package org.custodian.rights.internal;

import java.time.LocalDate;

/** One bank holiday as observed (a substitute day carries the name of the day it replaces). */
record Holiday(LocalDate date, String title, boolean substitute) {
}
