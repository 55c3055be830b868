package org.hanedge.contract.mqtt;

/**
 * The kinds of topic under a gateway's root {@code hanedge/v1/{gatewayId}/}. Kinds with {@link #named()} take one
 * more level, the command name ({@code cmd/write}).
 */
public enum TopicKind {
    /** SenML packs of readings, gateway to server (QoS 1). */
    TELEMETRY("telemetry", Direction.UP, false),
    /** Alarm documents (schema {@code alarm.schema.json}), one per message. */
    ALARM("alarm", Direction.UP, false),
    /** Event documents (schema {@code event.schema.json}), one per message. */
    EVENT("event", Direction.UP, false),
    /** Live statistics snapshots (schema {@code stats.schema.json}). */
    STATS("stats", Direction.UP, false),
    /** Birth, shutdown and Last Will (retained; schema {@code state.schema.json}). */
    STATE("state", Direction.UP, false),
    /**
     * The configuration the server wants the gateway to run (retained, so a gateway that was offline gets the latest
     * when it returns; schema {@code config-desired.schema.json}, {@code org.hanedge.contract.config.DesiredConfig}).
     */
    CONFIG_DESIRED("config/desired", Direction.DOWN, false),
    /**
     * What the gateway made of it (retained; schema {@code config-reported.schema.json},
     * {@code org.hanedge.contract.config.ReportedConfig}).
     */
    CONFIG_REPORTED("config/reported", Direction.UP, false),
    /**
     * A command request {@code cmd/{name}} (MQTT 5 request/response; {@code cmd/write}: schema
     * {@code command-write.schema.json}).
     */
    COMMAND("cmd", Direction.DOWN, true),
    /** A command response {@code cmd-res/{name}} (schema {@code command-response.schema.json}). */
    COMMAND_RESPONSE("cmd-res", Direction.UP, true),
    /** A time request of a gateway without a trusted clock. */
    TIME_REQUEST("time/req", Direction.UP, false),
    /** The server's time answer. */
    TIME_RESPONSE("time/res", Direction.DOWN, false);

    /** Who publishes on a topic of this kind. */
    public enum Direction {
        /** The gateway publishes, the server subscribes. */
        UP,
        /** The server publishes, the gateway subscribes. */
        DOWN
    }

    private final String path;
    private final Direction direction;
    private final boolean named;

    TopicKind(String path, Direction direction, boolean named) {
        this.path = path;
        this.direction = direction;
        this.named = named;
    }

    /** The topic levels after the gateway id ({@code telemetry}, {@code time/req}; {@code cmd} for named kinds). */
    public String path() {
        return path;
    }

    public Direction direction() {
        return direction;
    }

    /** Whether a topic of this kind ends with a name level ({@code cmd/{name}}, {@code cmd-res/{name}}). */
    public boolean named() {
        return named;
    }
}
