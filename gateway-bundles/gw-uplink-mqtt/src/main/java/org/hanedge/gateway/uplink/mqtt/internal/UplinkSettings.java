package org.hanedge.gateway.uplink.mqtt.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.mqtt.Topics;

/**
 * The validated configuration of the uplink. {@link #toString()} masks the password; nothing else may print it.
 *
 * @param format telemetry form (null: {@link TelemetryForm#JSON})
 * @param gather how long the thin form gathers telemetry into one pack (null or zero: no gathering; only with
 *               {@link TelemetryForm#THIN})
 */
public record UplinkSettings(String gatewayId, String brokerUri, String username, String password,
        TelemetryForm format, Path tlsCaFile, Path tlsClientCertFile, Path tlsClientKeyFile, int maxMessageBytes,
        int maxInflight, double rateMessagesPerS, int statsIntervalS, int keepaliveS, long reconnectMinMs,
        long reconnectMaxMs, Duration gather) {
    /** Longest gather window: a reading waits at most this long for its pack. */
    public static final Duration MAX_GATHER = Duration.ofHours(1);

    public UplinkSettings {
        if (gatewayId == null || gatewayId.isBlank()) {
            throw new IllegalArgumentException("gateway.id is required");
        }
        if (!Topics.isGatewayId(gatewayId)) {
            throw new IllegalArgumentException("gateway.id '" + gatewayId + "' must be 1 to " + Topics.MAX_GATEWAY_ID
                    + " characters without '/', '+', '#', '$' or control characters");
        }
        if (brokerUri == null || brokerUri.isBlank()) {
            throw new IllegalArgumentException("broker.uri is required (tcp://host:1883 or ssl://host:8883)");
        }
        URI uri;
        try {
            uri = URI.create(brokerUri.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker.uri is not a URI: " + brokerUri);
        }
        if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme())) {
            throw new IllegalArgumentException("broker.uri must start with tcp:// or ssl://, got " + brokerUri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("broker.uri has no host: " + brokerUri);
        }
        brokerUri = brokerUri.trim();
        username = blankToNull(username);
        password = password == null || password.isEmpty() ? null : password;
        if (format == null) {
            format = TelemetryForm.JSON;
        }
        if (gather == null) {
            gather = Duration.ZERO;
        }
        if (gather.isNegative() || gather.compareTo(MAX_GATHER) > 0) {
            throw new IllegalArgumentException("gather must be between 0 and " + MAX_GATHER.toMinutes()
                    + " min, got " + gather.toMillis() + " ms");
        }
        if (!gather.isZero() && format != TelemetryForm.THIN) {
            throw new IllegalArgumentException("gather applies to format " + TelemetryForm.THIN.configName()
                    + " only, not " + format.configName());
        }
        if (maxMessageBytes < 256) {
            throw new IllegalArgumentException("max.message.bytes must be >= 256, got " + maxMessageBytes);
        }
        if (maxInflight < 1 || maxInflight > 65535) {
            throw new IllegalArgumentException("max.inflight must be in 1..65535, got " + maxInflight);
        }
        if (!(rateMessagesPerS > 0)) {
            throw new IllegalArgumentException("rate.messages.per.s must be > 0, got " + rateMessagesPerS);
        }
        if (statsIntervalS < 1) {
            throw new IllegalArgumentException("stats.interval.s must be >= 1, got " + statsIntervalS);
        }
        if (keepaliveS < 0) {
            throw new IllegalArgumentException("keepalive.s must be >= 0, got " + keepaliveS);
        }
        if (reconnectMinMs < 1 || reconnectMaxMs < reconnectMinMs) {
            throw new IllegalArgumentException("need 1 <= reconnect.min.ms <= reconnect.max.ms, got "
                    + reconnectMinMs + " and " + reconnectMaxMs);
        }
        if ((tlsClientCertFile == null) != (tlsClientKeyFile == null)) {
            throw new IllegalArgumentException("tls.client.cert.file and tls.client.key.file go together");
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static Path path(String s) {
        return blankToNull(s) == null ? null : Path.of(s.trim());
    }

    public boolean tls() {
        return brokerUri.startsWith("ssl://");
    }

    /** Without gathering (the JSON and CBOR forms, or a thin form sent as soon as taken). */
    public UplinkSettings(String gatewayId, String brokerUri, String username, String password, TelemetryForm format,
            Path tlsCaFile, Path tlsClientCertFile, Path tlsClientKeyFile, int maxMessageBytes, int maxInflight,
            double rateMessagesPerS, int statsIntervalS, int keepaliveS, long reconnectMinMs, long reconnectMaxMs) {
        this(gatewayId, brokerUri, username, password, format, tlsCaFile, tlsClientCertFile, tlsClientKeyFile,
                maxMessageBytes, maxInflight, rateMessagesPerS, statsIntervalS, keepaliveS, reconnectMinMs,
                reconnectMaxMs, Duration.ZERO);
    }

    /** The gateway's topic root ({@link Topics#root}). */
    public String topicRoot() {
        return Topics.root(gatewayId);
    }

    /** A copy with other values for the tuning knobs (tests). */
    public UplinkSettings withLimits(int maxMessageBytes, int maxInflight, double rateMessagesPerS) {
        return new UplinkSettings(gatewayId, brokerUri, username, password, format, tlsCaFile, tlsClientCertFile,
                tlsClientKeyFile, maxMessageBytes, maxInflight, rateMessagesPerS, statsIntervalS, keepaliveS,
                reconnectMinMs, reconnectMaxMs, gather);
    }

    @Override
    public String toString() {
        return "UplinkSettings[gateway.id=" + gatewayId + ", broker.uri=" + brokerUri + ", username=" + username
                + ", password=" + (password == null ? "(none)" : "********") + ", format=" + format.configName()
                + ", tls.ca.file=" + tlsCaFile + ", tls.client.cert.file=" + tlsClientCertFile
                + ", tls.client.key.file=" + tlsClientKeyFile + ", max.message.bytes=" + maxMessageBytes
                + ", max.inflight=" + maxInflight + ", rate.messages.per.s=" + rateMessagesPerS
                + ", stats.interval.s=" + statsIntervalS + ", keepalive.s=" + keepaliveS + ", reconnect.min.ms="
                + reconnectMinMs + ", reconnect.max.ms=" + reconnectMaxMs + ", gather=" + gather.toMillis() + "ms]";
    }
}
