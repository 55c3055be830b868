package org.hanedge.fleet.profile;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hanedge.fleet.api.FieldProblem;
import org.hanedge.fleet.api.UnprocessableException;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.profile.ProfileException;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.gateway.profile.ProfileProblem;

/** A profile's YAML text read with the gateway's own parser (gw-profile's {@link ProfileLoader}), and its digest. */
public final class ProfileText {
    /** The top-level {@code profile:} key, to name the text as the parser expects ({@code <id>.yaml}). */
    private static final Pattern ID = Pattern.compile("(?m)^profile:[ \\t]*[\"']?([A-Za-z0-9._-]+)[\"']?[ \\t]*(#.*)?$");

    private ProfileText() {
    }

    /**
     * Parses a profile text.
     *
     * @throws UnprocessableException every problem the parser found, by field, each message starting with
     *                                {@code line L, column C:} where the parser gives a position
     */
    public static DeviceProfile parse(String yaml) {
        Matcher m = ID.matcher(yaml);
        String file = (m.find() ? m.group(1) : "profile") + ".yaml";
        try {
            return ProfileLoader.parse(file, new StringReader(yaml));
        } catch (ProfileException e) {
            List<FieldProblem> errors = e.problems().stream().map(ProfileText::problem).toList();
            throw new UnprocessableException("Profile refused", errors.size() + " problem(s) in the profile: "
                    + errors.get(0), errors);
        }
    }

    private static FieldProblem problem(ProfileProblem p) {
        String field = p.field() == null || p.field().isEmpty() ? "profile" : p.field();
        String where = p.line() > 0 ? "line " + p.line() + ", column " + p.column() + ": " : "";
        return new FieldProblem(field, where + p.message());
    }

    /** Lower-case hex SHA-256 of the text's UTF-8 bytes. */
    public static String sha256(String yaml) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(yaml.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
