package org.custodian.misimport.internal;

/**
 * Bounds on hostile or broken files. {@code maxFileBytes} is enforced on upload; readers enforce
 * the others while streaming (element depth, length of one text value or CSV field, attributes per element).
 */
public record ImportLimits(long maxFileBytes, int maxDepth, int maxTextLength, int maxAttributes) {

    public static final ImportLimits DEFAULTS = new ImportLimits(200L * 1024 * 1024, 32, 10_000, 16);
}
