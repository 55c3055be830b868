package org.hanedge.fleet.remoteconfig;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hanedge.contract.config.ConfigDocumentException;
import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.fleet.api.FieldProblem;
import org.hanedge.fleet.api.UnprocessableException;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.gateway.api.site.SiteRefusedException;
import org.hanedge.gateway.site.SiteDocumentCheck;
import org.springframework.stereotype.Component;

/**
 * A configuration is checked before it is stored or leaves the server: read as the gateway reads it (the contract's
 * JSON reader, so numbers have the gateway's types), then the gateway's own site parser and rules (gw-site's
 * {@link SiteDocumentCheck}: fields, the credential never pushed, the gateway's id, an uplink), then the profiles
 * ({@link ProfileFit}). A refusal is an {@link UnprocessableException} (HTTP 422) naming each field in the site
 * file's notation, as the gateway's {@code config/reported} does.
 */
@Component
public class ConfigCheck {
    static final String TITLE = "Configuration refused";

    private final ProfileCatalog catalog;
    private final ProfilePush profilePush;

    public ConfigCheck(ProfileCatalog catalog, ProfilePush profilePush) {
        this.catalog = catalog;
        this.profilePush = profilePush;
    }

    /**
     * A checked configuration.
     *
     * @param site            the site document as the gateway will read it
     * @param profileVersions the profile versions it is written for
     * @param profiles        the profile documents it carries (pushed versions, {@link ProfilePush})
     */
    public record Checked(Map<String, Object> site, Map<String, String> profileVersions,
            Map<String, org.hanedge.contract.config.ProfileDocument> profiles) {
        /** A checked configuration that carries no profile document. */
        public Checked(Map<String, Object> site, Map<String, String> profileVersions) {
            this(site, profileVersions, Map.of());
        }
    }

    /**
     * Reads a document as the gateway reads it: the contract's JSON reader, so numbers have the gateway's types.
     *
     * @throws UnprocessableException when it is not a JSON object (or too large, or a number out of range)
     */
    static Map<String, Object> read(String gatewayOrGroup, byte[] json) {
        Object tree;
        try {
            tree = ConfigDocuments.fromJson(json);
        } catch (ConfigDocumentException e) {
            throw refused(gatewayOrGroup, List.of(new FieldProblem(e.path(), e.toError().message())));
        }
        if (!(tree instanceof Map<?, ?>)) {
            throw refused(gatewayOrGroup, List.of(new FieldProblem("", "the site document must be a JSON object")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> site = (Map<String, Object>) tree;
        return site;
    }

    /**
     * @param siteJson        the site document as JSON
     * @param profileVersions as given; null: the catalog's versions of the profiles the devices use
     * @throws UnprocessableException naming the refused fields; nothing may be stored or published then
     */
    public Checked check(String gatewayId, byte[] siteJson, Map<String, String> profileVersions) {
        return check(gatewayId, read(gatewayId, siteJson), profileVersions);
    }

    /** {@link #check(String, byte[], Map)} of a document already read with {@link #read}. */
    Checked check(String gatewayId, Map<String, Object> site, Map<String, String> profileVersions) {
        List<FieldProblem> problems = problems(gatewayId, site, profileVersions);
        if (!problems.isEmpty()) {
            throw refused(gatewayId, problems);
        }
        return new Checked(site, profileVersions != null ? Map.copyOf(profileVersions)
                : ProfileFit.catalogVersions(site, catalog));
    }

    /** The catalog's versions of the profiles the document's devices use (the default statement). */
    Map<String, String> defaultVersions(Map<String, Object> site) {
        return ProfileFit.catalogVersions(site, catalog);
    }

    /** Profile versions pushed by layers. */
    ProfilePush profilePush() {
        return profilePush;
    }

    /** What {@link #check} refuses, empty when nothing. */
    List<FieldProblem> problems(String gatewayId, Map<String, Object> site, Map<String, String> profileVersions) {
        try {
            SiteDocumentCheck.check(gatewayId, site);
        } catch (SiteRefusedException e) {
            return e.problems().stream().map(p -> new FieldProblem(p.path(), p.message())).toList();
        }
        return ProfileFit.check(site, profileVersions, catalog);
    }

    static UnprocessableException refused(String gatewayId, List<FieldProblem> problems) {
        return new UnprocessableException(TITLE, "configuration for " + gatewayId + " refused: "
                + problems.stream().map(p -> p.field().isEmpty() ? p.message() : p.toString())
                        .collect(Collectors.joining("; ")), problems);
    }
}
