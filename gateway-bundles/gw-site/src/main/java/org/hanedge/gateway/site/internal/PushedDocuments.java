package org.hanedge.gateway.site.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.hanedge.gateway.api.site.SiteProblem;
import org.hanedge.gateway.api.site.SiteRefusedException;

/**
 * A pushed document checked off the gateway ({@link org.hanedge.gateway.site.SiteDocumentCheck}): the same merge and
 * parse as {@link SiteController#check}, with a site file that holds only the gateway's id (no credential to merge,
 * relative paths resolved against a folder that is never read).
 */
public final class PushedDocuments {
    private static final Path NO_FOLDER = Path.of("").toAbsolutePath();

    private PushedDocuments() {
    }

    public static void check(String gatewayId, Map<String, Object> document) throws SiteRefusedException {
        Objects.requireNonNull(gatewayId, "gatewayId");
        String source = "configuration for " + gatewayId;
        if (document == null) {
            throw new SiteRefusedException(source, List.of(new SiteProblem("", "the site document is missing")));
        }
        Fields fields = new Fields(source, NO_FOLDER);
        try {
            Map<String, Object> merged = LocalFields.merge(document, Map.of("gateway", Map.of("id", gatewayId)),
                    fields);
            SiteConfigParser.parse(merged, fields, NO_FOLDER.resolve("profiles"));
        } catch (SiteConfigException e) {
            throw e.refused();
        }
    }
}
