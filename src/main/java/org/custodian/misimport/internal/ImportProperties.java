package org.custodian.misimport.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MIS import settings ({@code custodian.imports.*}).
 *
 * @param directory       where uploads wait, encrypted, between preview and commit (shared storage when several instances run)
 * @param maxFileBytes    largest file accepted
 * @param maxDepth        deepest XML element nesting accepted
 * @param maxTextLength   longest single XML text value or CSV field, in characters
 * @param maxAttributes   most attributes on one XML element
 * @param batchSize       pupils validated, matched and written together
 * @param previewExpiry   how long a preview waits for its commit before it is discarded with its file
 * @param staleAfter      a running import whose heartbeat is older than this is marked interrupted
 * @param listedProblems  most problems a report lists one by one (all are counted)
 */
@ConfigurationProperties("custodian.imports")
public record ImportProperties(@DefaultValue("./data/imports") Path directory,
                               @DefaultValue("209715200") long maxFileBytes,
                               @DefaultValue("32") int maxDepth,
                               @DefaultValue("10000") int maxTextLength,
                               @DefaultValue("16") int maxAttributes,
                               @DefaultValue("2000") int batchSize,
                               @DefaultValue("PT24H") Duration previewExpiry,
                               @DefaultValue("PT2M") Duration staleAfter,
                               @DefaultValue("1000") int listedProblems) {

    public ImportLimits limits() {
        return new ImportLimits(maxFileBytes, maxDepth, maxTextLength, maxAttributes);
    }
}
