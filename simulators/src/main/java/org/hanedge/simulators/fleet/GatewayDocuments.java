package org.hanedge.simulators.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** The retained state documents of one virtual gateway (docs/uplink.md, "state"): birth, Last Will, shutdown. */
final class GatewayDocuments {
    private static final JsonFactory JSON = new JsonFactory();

    private final String gatewayId;
    private final String firmware;
    private final Instant started;
    private final String profileId;
    private final String profileVersion;
    private final String deviceId;

    GatewayDocuments(String gatewayId, String firmware, Instant started, String profileId, String profileVersion,
            String deviceId) {
        this.gatewayId = gatewayId;
        this.firmware = firmware;
        this.started = started;
        this.profileId = profileId;
        this.profileVersion = profileVersion;
        this.deviceId = deviceId;
    }

    byte[] birth(Instant connected) {
        return write(g -> {
            g.writeBooleanField("online", true);
            g.writeStringField("gateway", gatewayId);
            g.writeStringField("firmware", firmware);
            g.writeStringField("started", started.toString());
            g.writeStringField("connected", connected.toString());
            g.writeObjectFieldStart("profiles");
            g.writeStringField(profileId, profileVersion);
            g.writeEndObject();
            g.writeObjectFieldStart("devices");
            g.writeStringField(deviceId, profileId + "@" + profileVersion);
            g.writeEndObject();
        });
    }

    byte[] lastWill() {
        return write(g -> {
            g.writeBooleanField("online", false);
            g.writeStringField("gateway", gatewayId);
        });
    }

    byte[] shutdown(Instant time) {
        return write(g -> {
            g.writeBooleanField("online", false);
            g.writeStringField("gateway", gatewayId);
            g.writeStringField("firmware", firmware);
            g.writeStringField("time", time.toString());
            g.writeStringField("reason", "shutdown");
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
