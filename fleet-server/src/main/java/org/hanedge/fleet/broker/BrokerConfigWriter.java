package org.hanedge.fleet.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.hanedge.fleet.config.FleetProperties;

/**
 * Writes HiveMQ's {@code conf/config.xml} from our settings on every start: a TCP listener, a TLS listener when
 * {@code tls-port} > 0, file persistence (retained messages, sessions and their queues survive a restart), large
 * offline queues (the server's persistent session must not drop telemetry during a restart), enough topic aliases
 * per client for every topic a gateway publishes on, no empty client ids,
 * no usage statistics sent home. The file holds the key store password, so it is readable by its owner only.
 */
final class BrokerConfigWriter {
    /** Messages queued per offline persistent session (and per shared-subscription group) at most. */
    static final long MAX_QUEUE_SIZE = 1_000_000;
    /**
     * Topic aliases a client may set (CONNACK Topic Alias Maximum; HiveMQ's default is 5). A gateway publishes on
     * fewer topics than this (state, telemetry, alarm, event, stats, time/req, config/reported and a few cmd-res/...),
     * and Paho gives aliases in the order of first use without ever reusing one, so its telemetry always gets one:
     * after a session's first message the topic costs 5 bytes (empty name, alias), not 35-43 (docs/uplink.md).
     */
    static final int TOPIC_ALIASES_PER_CLIENT = 16;

    private BrokerConfigWriter() {
    }

    static void write(Path confDir, FleetProperties.Mqtt mqtt) throws IOException {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<!-- written by the HanEdge fleet server on every start: edit the hanedge.fleet.mqtt.* settings instead -->\n");
        x.append("<hivemq>\n  <listeners>\n");
        x.append("    <tcp-listener>\n      <port>").append(mqtt.port()).append("</port>\n      <bind-address>")
                .append(esc(mqtt.bindAddress())).append("</bind-address>\n      <name>hanedge-tcp</name>\n    </tcp-listener>\n");
        if (mqtt.tlsPort() > 0) {
            if (mqtt.tlsKeystore() == null || !Files.isReadable(mqtt.tlsKeystore())) {
                throw new IllegalStateException("hanedge.fleet.mqtt.tls-keystore: a readable key store is required when tls-port is set, was "
                        + (mqtt.tlsKeystore() == null ? "not set" : "'" + mqtt.tlsKeystore().toAbsolutePath() + "' (not readable)"));
            }
            String pw = mqtt.tlsKeystorePassword() == null ? "" : mqtt.tlsKeystorePassword();
            x.append("    <tls-tcp-listener>\n      <port>").append(mqtt.tlsPort()).append("</port>\n      <bind-address>")
                    .append(esc(mqtt.bindAddress())).append("</bind-address>\n      <name>hanedge-tls</name>\n      <tls>\n")
                    .append("        <keystore>\n          <path>").append(esc(mqtt.tlsKeystore().toAbsolutePath().toString()))
                    .append("</path>\n          <password>").append(esc(pw)).append("</password>\n          <private-key-password>")
                    .append(esc(pw)).append("</private-key-password>\n        </keystore>\n      </tls>\n    </tls-tcp-listener>\n");
        }
        x.append("  </listeners>\n");
        x.append("  <mqtt>\n    <queued-messages>\n      <max-queue-size>").append(MAX_QUEUE_SIZE)
                .append("</max-queue-size>\n    </queued-messages>\n    <topic-alias>\n      <enabled>true</enabled>\n"
                        + "      <max-per-client>").append(TOPIC_ALIASES_PER_CLIENT)
                .append("</max-per-client>\n    </topic-alias>\n  </mqtt>\n");
        x.append("  <security>\n    <allow-empty-client-id>\n      <enabled>false</enabled>\n    </allow-empty-client-id>\n  </security>\n");
        x.append("  <persistence>\n    <mode>file</mode>\n  </persistence>\n");
        x.append("  <anonymous-usage-statistics>\n    <enabled>false</enabled>\n  </anonymous-usage-statistics>\n");
        x.append("</hivemq>\n");

        Path file = confDir.resolve("config.xml");
        Path tmp = confDir.resolve("config.xml.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions apply
        }
        Files.writeString(tmp, x);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
}
