package org.hanedge.contract.mqtt;

import java.util.Objects;

/**
 * The topic scheme: every message of a gateway lies under {@code hanedge/v1/{gatewayId}/}. A gateway id is not
 * empty, at most {@value #MAX_GATEWAY_ID} characters, and has none of {@code / + # $} nor control characters.
 */
public final class Topics {
    /** The root of every topic, version included. */
    public static final String ROOT = "hanedge/v1/";
    /** Longest gateway id (it is also the MQTT client id and the start of every SenML name). */
    public static final int MAX_GATEWAY_ID = 64;

    private Topics() {
    }

    /** {@code hanedge/v1/{gatewayId}/}. @throws IllegalArgumentException for a bad gateway id */
    public static String root(String gatewayId) {
        requireGatewayId(gatewayId);
        return ROOT + gatewayId + "/";
    }

    /** The topic of an unnamed kind, e.g. {@code hanedge/v1/gw1/telemetry}. */
    public static String of(String gatewayId, TopicKind kind) {
        if (kind.named()) {
            throw new IllegalArgumentException("topic kind " + kind + " needs a name: use Topics.named");
        }
        return root(gatewayId) + kind.path();
    }

    /** The topic of a named kind, e.g. {@code hanedge/v1/gw1/cmd/write}. */
    public static String named(String gatewayId, TopicKind kind, String name) {
        if (!kind.named()) {
            throw new IllegalArgumentException("topic kind " + kind + " takes no name");
        }
        if (name == null || name.isEmpty() || !isLevel(name)) {
            throw new IllegalArgumentException("command name \"" + name + "\" must be one non-empty topic level"
                    + " without / + # $ or control characters");
        }
        return root(gatewayId) + kind.path() + "/" + name;
    }

    /** {@code hanedge/v1/{gatewayId}/cmd/{name}}. */
    public static String command(String gatewayId, String name) {
        return named(gatewayId, TopicKind.COMMAND, name);
    }

    /** {@code hanedge/v1/{gatewayId}/cmd-res/{name}}. */
    public static String commandResponse(String gatewayId, String name) {
        return named(gatewayId, TopicKind.COMMAND_RESPONSE, name);
    }

    /** The filter for one kind of every gateway: {@code hanedge/v1/+/telemetry}, {@code hanedge/v1/+/cmd/+}. */
    public static String filter(TopicKind kind) {
        return ROOT + "+/" + kind.path() + (kind.named() ? "/+" : "");
    }

    /** The filter for one kind of one gateway ({@code hanedge/v1/gw1/cmd/+} for named kinds). */
    public static String filter(String gatewayId, TopicKind kind) {
        return root(gatewayId) + kind.path() + (kind.named() ? "/+" : "");
    }

    /** A shared subscription for one kind: {@code $share/{group}/hanedge/v1/+/{kind}}. */
    public static String sharedFilter(String group, TopicKind kind) {
        if (group == null || group.isEmpty() || !isLevel(group)) {
            throw new IllegalArgumentException("share group \"" + group + "\" must be one non-empty topic level");
        }
        return "$share/" + group + "/" + filter(kind);
    }

    /** Everything of every gateway: {@code hanedge/v1/+/#}. */
    public static String filterAll() {
        return ROOT + "+/#";
    }

    /**
     * Reads a topic of the contract.
     *
     * @throws TopicException naming the topic and what is wrong with it
     */
    public static GatewayTopic parse(String topic) throws TopicException {
        Objects.requireNonNull(topic, "topic");
        if (!topic.startsWith(ROOT)) {
            throw new TopicException(TopicException.Problem.NOT_HANEDGE,
                    "topic \"" + clip(topic) + "\" does not start with " + ROOT);
        }
        int slash = topic.indexOf('/', ROOT.length());
        String gateway = slash < 0 ? topic.substring(ROOT.length()) : topic.substring(ROOT.length(), slash);
        if (!isGatewayId(gateway)) {
            throw new TopicException(TopicException.Problem.BAD_GATEWAY_ID, "topic \"" + clip(topic)
                    + "\": gateway id \"" + clip(gateway) + "\" is empty, too long or has / + # $ or a control character");
        }
        String rest = slash < 0 ? "" : topic.substring(slash + 1);
        for (TopicKind kind : TopicKind.values()) {
            if (!kind.named() && rest.equals(kind.path())) {
                return new GatewayTopic(gateway, kind, null);
            }
        }
        for (TopicKind kind : TopicKind.values()) {
            if (kind.named() && (rest.equals(kind.path()) || rest.startsWith(kind.path() + "/"))) {
                String name = rest.length() > kind.path().length() ? rest.substring(kind.path().length() + 1) : "";
                if (name.isEmpty() || !isLevel(name)) {
                    throw new TopicException(TopicException.Problem.BAD_NAME, "topic \"" + clip(topic) + "\": "
                            + kind.path() + "/ must be followed by one name level, found \"" + clip(name) + "\"");
                }
                return new GatewayTopic(gateway, kind, name);
            }
        }
        throw new TopicException(TopicException.Problem.UNKNOWN_KIND, "topic \"" + clip(topic) + "\": \""
                + clip(rest) + "\" is not a kind of the contract (telemetry, alarm, event, stats, state, cmd/{name}, "
                + "cmd-res/{name}, time/req, time/res, config/desired, config/reported)");
    }

    /** Whether {@code id} is a valid gateway id. */
    public static boolean isGatewayId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_GATEWAY_ID && isLevel(id);
    }

    /** @throws IllegalArgumentException naming the id when it is not {@link #isGatewayId valid} */
    public static String requireGatewayId(String id) {
        if (!isGatewayId(id)) {
            throw new IllegalArgumentException("gateway id \"" + (id == null ? "null" : clip(id)) + "\" must be 1 to "
                    + MAX_GATEWAY_ID + " characters without / + # $ or control characters");
        }
        return id;
    }

    private static boolean isLevel(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == '$' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    private static String clip(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(80, s.length()); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }
}
