package org.custodian.schools;

/** Drives the bank-holiday calendar used for statutory deadlines. */
public enum Nation {
    ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND
}
