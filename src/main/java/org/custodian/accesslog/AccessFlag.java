package org.custodian.accesslog;

/** Why an access-log entry deserves a reviewer's attention; raised after the fact by the flagging job. */
public enum AccessFlag {
    /** The actor touched more than the configured number of distinct pupils within the window. */
    BULK_READ,
    /** Outside school hours (school days and times in UK time). */
    OUT_OF_HOURS,
    /** A teacher or exam supervisor touched a pupil they do not teach. */
    OUTSIDE_CLASSES,
    /** Support staff, or the support-with-consent purpose. */
    SUPPORT_ACCESS
}
