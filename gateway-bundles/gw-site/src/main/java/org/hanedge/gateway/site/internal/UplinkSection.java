package org.hanedge.gateway.site.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The {@code uplink:} section, mapped to the MQTT uplink's configuration properties. */
final class UplinkSection {
    static final String PID = "org.hanedge.gateway.uplink.mqtt";
    /** The thin-link telemetry form, the only one that gathers. */
    static final String THIN = "senml+cbor-thin";
    /** Longest gather window. */
    static final long MAX_GATHER_MS = 3_600_000;
    /** Property holding a secret: never logged. */
    static final String PASSWORD = "password";

    private UplinkSection() {
    }

    static Map<String, Object> properties(Fields f, String gatewayId, Map<String, Object> m)
            throws SiteConfigException {
        String at = "uplink.";
        f.allowOnly(m, at, Set.of("broker", "username", "password", "format", "tls", "maxMessageBytes",
                "maxInflight", "rate", "statsInterval", "keepalive", "reconnectMin", "reconnectMax", "gather"));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("gateway.id", gatewayId);
        String broker = f.string(f.required(m, "broker", at), at + "broker");
        URI uri;
        try {
            uri = URI.create(broker);
        } catch (IllegalArgumentException e) {
            throw f.error(at + "broker", "'" + broker + "' is not a URI (tcp://host:1883 or ssl://host:8883)");
        }
        if (!Set.of("tcp", "ssl", "mqtt", "mqtts").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
            throw f.error(at + "broker", "'" + broker + "' must look like tcp://host:1883 or ssl://host:8883");
        }
        p.put("broker.uri", broker);
        if (m.containsKey("username")) {
            p.put("username", f.string(m.get("username"), at + "username"));
        }
        if (m.containsKey("password")) {
            p.put(PASSWORD, f.secret(m.get("password"), at + "password"));
        }
        String format = f.oneOf(m.getOrDefault("format", "senml+json"), at + "format",
                Set.of("senml+json", "senml+cbor", THIN));
        p.put("format", format);
        if (m.containsKey("gather")) {
            if (!THIN.equals(format)) {
                throw f.error(at + "gather", "applies to format " + THIN + " only (telemetry gathered into one thin "
                        + "pack); format is " + format);
            }
            long gather = f.millis(m.get("gather"), at + "gather");
            if (gather > MAX_GATHER_MS) {
                throw f.error(at + "gather", "must be at most 1h (a reading waits that long at most), not '"
                        + m.get("gather") + "'");
            }
            p.put("gather.ms", gather);
        }
        if (m.containsKey("tls")) {
            Map<String, Object> tls = f.map(m.get("tls"), at + "tls");
            f.allowOnly(tls, at + "tls.", Set.of("ca", "clientCert", "clientKey"));
            p.put("tls.ca.file", f.path(f.required(tls, "ca", at + "tls."), at + "tls.ca").toString());
            if (tls.containsKey("clientCert") != tls.containsKey("clientKey")) {
                throw f.error(at + "tls", "clientCert and clientKey go together");
            }
            if (tls.containsKey("clientCert")) {
                p.put("tls.client.cert.file", f.path(tls.get("clientCert"), at + "tls.clientCert").toString());
                p.put("tls.client.key.file", f.path(tls.get("clientKey"), at + "tls.clientKey").toString());
            }
        }
        p.put("max.message.bytes", (int) f.bytes(m.getOrDefault("maxMessageBytes", "16KiB"), at + "maxMessageBytes",
                512));
        p.put("max.inflight", f.integer(m.getOrDefault("maxInflight", 16), at + "maxInflight", 1, 1000));
        p.put("rate.messages.per.s", f.integer(m.getOrDefault("rate", 150), at + "rate", 1, 100_000));
        p.put("stats.interval.s", f.millis(m.getOrDefault("statsInterval", "60s"), at + "statsInterval") / 1000);
        p.put("keepalive.s", f.millis(m.getOrDefault("keepalive", "30s"), at + "keepalive") / 1000);
        p.put("reconnect.min.ms", f.millis(m.getOrDefault("reconnectMin", "1s"), at + "reconnectMin"));
        p.put("reconnect.max.ms", f.millis(m.getOrDefault("reconnectMax", "60s"), at + "reconnectMax"));
        return p;
    }

    /** The properties as they may be logged: the password replaced. */
    static Map<String, Object> masked(Map<String, Object> p) {
        Map<String, Object> copy = new LinkedHashMap<>(p);
        copy.computeIfPresent(PASSWORD, (k, v) -> "********");
        return copy;
    }
}
