package org.hanedge.fleet.remoteconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hanedge.contract.config.ProfileDocument;
import org.hanedge.fleet.api.FieldProblem;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.fleet.profile.ProfileLibraryRepository;
import org.hanedge.fleet.profile.StoredProfileVersion;
import org.springframework.stereotype.Component;

/**
 * Profile versions pushed through layers (docs/remote-config.md, "Pushing a profile version"): a layer may state
 * {@code profileVersions: {lake: "1.2.0"}}; the merged statement is taken out of the effective site document, wins
 * over the catalog's default versions (a gateway's own explicit {@code profileVersions} wins over it), and every
 * stated version that the configuration keeps travels in the desired document as a {@link ProfileDocument} from the
 * profile library, so the gateway can install it. Only versions in the library can be stated.
 */
@Component
class ProfilePush {
    /** The key a layer states profile versions under. */
    static final String KEY = "profileVersions";

    private final ProfileCatalog catalog;
    private final ProfileLibraryRepository library;

    ProfilePush(ProfileCatalog catalog, ProfileLibraryRepository library) {
        this.catalog = catalog;
        this.library = library;
    }

    /** Removes the merged {@code profileVersions} statement from an effective document; returns it (id -> version). */
    static Map<String, String> take(Map<String, Object> merged) {
        Object v = merged.remove(KEY);
        Map<String, String> out = new TreeMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((id, version) -> {
                if (version instanceof String s && !s.isEmpty()) {
                    out.put(String.valueOf(id), s);
                }
            });
        }
        return out;
    }

    /** A layer's {@code profileVersions}: an object of profile id -> a version the library has. */
    List<FieldProblem> checkLayer(Map<String, Object> layer) {
        if (!layer.containsKey(KEY) || layer.get(KEY) == null) {
            return List.of();
        }
        if (!(layer.get(KEY) instanceof Map<?, ?> m)) {
            return List.of(new FieldProblem(KEY, "must be an object of profile id -> version (e.g. {\"lake\": "
                    + "\"1.2.0\"})"));
        }
        List<FieldProblem> problems = new ArrayList<>();
        for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
            String id = String.valueOf(e.getKey());
            String path = KEY + "." + id;
            if (e.getValue() == null) {
                continue; // removes a lower layer's statement
            }
            if (!(e.getValue() instanceof String version) || version.isEmpty()) {
                problems.add(new FieldProblem(path, "must be a version string such as \"1.2.0\""));
            } else if (catalog.version(id, version).isEmpty()) {
                List<String> known = catalog.versions(id);
                problems.add(new FieldProblem(path, known.isEmpty()
                        ? "no profile '" + id + "' in the profile library"
                        : "the profile library has " + id + " " + String.join(", ", known) + ", not " + version
                                + " (upload it first: POST /api/v1/profiles)"));
            }
        }
        return problems;
    }

    /**
     * The default statement of a gateway's change: for each profile its devices use, the version the gateway's latest
     * birth announced when the library has it, else the catalog's newest.
     */
    Map<String, String> defaults(String gatewayId, Map<String, String> catalogNewest) {
        Map<String, String> running = library.runningOn(gatewayId);
        Map<String, String> out = new LinkedHashMap<>(catalogNewest);
        out.replaceAll((id, newest) -> {
            String r = running.get(id);
            return r != null && catalog.version(id, r).isPresent() ? r : newest;
        });
        return out;
    }

    /**
     * The profile versions a configuration is written for.
     *
     * @param base     the catalog's defaults, or the previous version's
     * @param stated   what the layers state (pushed)
     * @param explicit what the gateway's own change states, or null
     */
    static Map<String, String> versions(Map<String, String> base, Map<String, String> stated,
            Map<String, String> explicit) {
        Map<String, String> out = new LinkedHashMap<>(base);
        out.putAll(stated);
        if (explicit != null) {
            out.putAll(explicit);
        }
        return out;
    }

    /**
     * The profile documents a configuration carries: each stated version it keeps, from the library.
     *
     * @throws org.hanedge.fleet.api.UnprocessableException a stated version the library does not have
     */
    Map<String, ProfileDocument> documents(Map<String, String> stated, Map<String, String> versions,
            String gatewayId) {
        Map<String, ProfileDocument> out = new TreeMap<>();
        List<FieldProblem> missing = new ArrayList<>();
        stated.forEach((id, version) -> {
            if (!version.equals(versions.get(id))) {
                return; // the gateway's own statement overrides the layers': nothing to carry
            }
            StoredProfileVersion v = library.find(id, version).orElse(null);
            if (v == null) {
                missing.add(new FieldProblem(KEY + "." + id, "the profile library has no " + id + " " + version));
            } else {
                out.put(id, new ProfileDocument(v.version(), v.sha256(), v.yaml()));
            }
        });
        if (!missing.isEmpty()) {
            throw ConfigCheck.refused(gatewayId, missing);
        }
        return out;
    }
}
