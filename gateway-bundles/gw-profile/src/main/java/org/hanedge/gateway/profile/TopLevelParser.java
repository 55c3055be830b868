package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.orElse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.ControlRule;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.Interlock;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses the document's top level: profile id, version, description, {@code defaults}, the channel list and the
 * {@code interlocks} guarding output channels and the local control {@code rules}.
 */
final class TopLevelParser {
    private static final Pattern PROFILE_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(-(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?"
                    + "(\\+[0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*)?");
    private static final List<String> TOP_KEYS = List.of("profile", "version", "description", "defaults", "channels",
            "interlocks", "rules");
    private static final List<String> DEFAULTS_KEYS = List.of("poll", "heartbeat", "byteOrder", "wordOrder");

    private final String expectedId;
    private final Problems problems;
    private final NodeReader reader;
    private final ChannelChecks checks;
    private final ChannelParser channels;
    private final InterlockParser interlocks;
    private final RuleParser rules;

    /** @param expectedId the profile id the file name asks for (the name without {@code .yaml}) */
    TopLevelParser(String expectedId, Problems problems) {
        this.expectedId = expectedId;
        this.problems = problems;
        this.reader = new NodeReader(problems);
        this.checks = new ChannelChecks(problems);
        this.channels = new ChannelParser(reader, checks);
        this.interlocks = new InterlockParser(reader, checks);
        this.rules = new RuleParser(reader, checks);
    }

    /** The profile, or null if any problem was found in it (all of them reported). */
    DeviceProfile parse(Node root) {
        YamlMap top = reader.map(root, "");
        if (top == null) {
            return null;
        }
        top.allowOnly(TOP_KEYS);
        String id = reader.string(top, "profile", true);
        if (id != null) {
            if (!PROFILE_ID.matcher(id).matches()) {
                reader.problem(top.value("profile"), "profile",
                        "profile id '" + id + "' must be lower-case words joined by '-' (for example pump-station)");
            } else if (!id.equals(expectedId)) {
                reader.problem(top.value("profile"), "profile", "profile id '" + id
                        + "' must equal the file name without .yaml ('" + expectedId + "')");
            }
        }
        String version = reader.string(top, "version", true);
        if (version != null && !SEMVER.matcher(version).matches()) {
            reader.problem(top.value("version"), "version", "version '" + version
                    + "' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.0.0; quote it if YAML reads a number)");
        }
        String description = reader.string(top, "description", true);
        Defaults defaults = top.has("defaults") ? defaults(top.value("defaults")) : Defaults.STANDARD;
        List<ChannelSpec> list = channels(top, defaults);
        List<Interlock> guards = top.has("interlocks") ? interlocks.parse(top.value("interlocks"), list) : List.of();
        List<ControlRule> local = top.has("rules") ? rules.parse(top.value("rules"), list) : List.of();
        if (!problems.isEmpty()) {
            return null;
        }
        return new DeviceProfile(id, version, description, list, guards, local);
    }

    private Defaults defaults(Node node) {
        YamlMap d = reader.map(node, "defaults");
        if (d == null) {
            return Defaults.STANDARD;
        }
        d.allowOnly(DEFAULTS_KEYS);
        return new Defaults(
                orElse(reader.duration(d, "poll", false, Durations.POSITIVE), Durations.DEFAULT_POLL),
                reader.duration(d, "heartbeat", false, Durations.POSITIVE),
                orElse(reader.choice(d, "byteOrder", false, Defaults.ENDIANS, "byte order"), Endian.BIG),
                orElse(reader.choice(d, "wordOrder", false, Defaults.ENDIANS, "word order"), Endian.BIG));
    }

    /** The valid channels; then the checks across channels. */
    private List<ChannelSpec> channels(YamlMap top, Defaults defaults) {
        List<ChannelSpec> result = new ArrayList<>();
        if (!top.has("channels")) {
            top.missing("channels");
            return result;
        }
        Node list = top.value("channels");
        if (!(list instanceof SequenceNode seq)) {
            reader.problem(list, "channels", "expected a list of channels, got " + YamlMap.describe(list));
        } else if (seq.getValue().isEmpty()) {
            reader.problem(list, "channels", "a profile needs at least one channel");
        } else {
            for (int i = 0; i < seq.getValue().size(); i++) {
                ChannelSpec channel = channels.parse(seq.getValue().get(i), "channels[" + i + "]", defaults);
                if (channel != null) {
                    result.add(channel);
                }
            }
            checks.modbusOverlaps();
            checks.windowNames();
        }
        return result;
    }
}
