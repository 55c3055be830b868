package org.hanedge.gateway.config.agent.internal;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ProfileDocument;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.profile.ProfileException;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.gateway.profile.ProfileProblem;

/**
 * The profiles a desired document carries ({@code profiles}, pushed through a server layer), checked with the
 * gateway's own profile parser (gw-profile's {@link ProfileLoader}) before anything is applied: the SHA-256 of the
 * text, the parser's verdict, the id and version inside the text, and the version the configuration states. Every
 * problem names {@code profiles.<id>}. This agent does not install carried profiles (docs/remote-config.md, "Pushing
 * a profile version"): a configuration stating a version the gateway does not run is still refused by
 * {@link ProfileCheck}.
 */
final class CarriedProfiles {
    /** Problems listed per profile at most. */
    static final int MAX_PROBLEMS = 5;

    private CarriedProfiles() {
    }

    static List<ConfigError> check(DesiredConfig d) {
        List<ConfigError> errors = new ArrayList<>();
        for (Map.Entry<String, ProfileDocument> e : d.profiles().entrySet()) {
            String id = e.getKey();
            ProfileDocument doc = e.getValue();
            String path = "profiles." + id;
            String sha = sha256(doc.yaml());
            if (!sha.equals(doc.sha256())) {
                errors.add(new ConfigError(path + ".sha256", "the text's SHA-256 is " + sha + ", the document says "
                        + doc.sha256() + ": the profile was damaged or altered on the way"));
                continue;
            }
            DeviceProfile p;
            try {
                p = ProfileLoader.parse(id + ".yaml", new StringReader(doc.yaml()));
            } catch (ProfileException x) {
                List<ProfileProblem> problems = x.problems();
                for (int i = 0; i < problems.size() && i < MAX_PROBLEMS; i++) {
                    ProfileProblem pp = problems.get(i);
                    errors.add(new ConfigError(path, (pp.line() > 0 ? "line " + pp.line() + ", column "
                            + pp.column() + ": " : "") + (pp.field().isEmpty() ? "" : pp.field() + ": ")
                            + pp.message()));
                }
                if (problems.size() > MAX_PROBLEMS) {
                    errors.add(new ConfigError(path, (problems.size() - MAX_PROBLEMS) + " more problems"));
                }
                continue;
            }
            if (!p.version().equals(doc.version())) {
                errors.add(new ConfigError(path + ".version", "the text is " + id + " " + p.version()
                        + ", the document says " + doc.version()));
            }
            String stated = d.profileVersions().get(id);
            if (stated != null && !stated.equals(doc.version())) {
                errors.add(new ConfigError(path + ".version", "carries " + doc.version()
                        + " but the configuration is written for " + stated));
            }
        }
        return errors;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
