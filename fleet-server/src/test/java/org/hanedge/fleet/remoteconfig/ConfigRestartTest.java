package org.hanedge.fleet.remoteconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerApplication;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/**
 * The desired configuration survives what the broker does not keep: after a restart without the broker's data (a
 * restore: retained messages are not in a backup) the latest version is published again. Servers of its own (own
 * JVM: HiveMQ's extension services are per JVM).
 */
class ConfigRestartTest {
    private static final String GW = "CRS-1";
    private static final String SITE = """
            {"gateway": {"id": "CRS-1"}, "devices": [{"id": "lake-1", "profile": "lake",
              "modbus": {"transport": "tcp", "host": "10.0.0.5", "port": 502, "unitId": %d}}],
             "uplink": {"broker": "ssl://fleet.danang.example:8883"}}""";

    @TempDir
    Path data;

    private ConfigurableApplicationContext start(int mqttPort) {
        return new SpringApplicationBuilder(FleetServerApplication.class).run("--server.port=0",
                "--hanedge.fleet.data-dir=" + data, "--hanedge.fleet.mqtt.port=" + mqttPort,
                "--hanedge.fleet.mqtt.bind-address=127.0.0.1",
                "--hanedge.fleet.profiles-dir=" + FleetServerTest.projectPath("device-profiles"));
    }

    private static ConfigVersionDto put(ConfigurableApplicationContext ctx, int unitId) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> site = (Map<String, Object>) new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(SITE.formatted(unitId), Map.class);
        return ctx.getBean(RemoteConfigService.class).put(GW, new ConfigPutRequest(site, null, "unit " + unitId, null),
                "test");
    }

    /** The version a gateway connecting now gets from the broker. */
    private static long retained(String password, int port) {
        Queue<Mqtt5Publish> got = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(GW).serverHost("127.0.0.1").serverPort(port)
                .buildBlocking();
        c.toAsync().publishes(MqttGlobalPublishFilter.ALL, got::add);
        c.connectWith().simpleAuth().username(GW).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .send();
        try {
            c.subscribeWith().topicFilter(Topics.of(GW, TopicKind.CONFIG_DESIRED)).qos(MqttQos.AT_LEAST_ONCE).send();
            await().atMost(Duration.ofSeconds(15)).until(() -> !got.isEmpty());
            return ConfigDocuments.readDesired(got.poll().getPayloadAsBytes()).version();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            c.disconnect();
        }
    }

    @Test
    void theLatestVersionIsPublishedAgainAfterARestartWithoutTheBrokersData() throws Exception {
        int port = FleetServerTest.freePort();
        String password;
        try (ConfigurableApplicationContext ctx = start(port)) {
            ctx.getBean(GatewayRegistry.class).register(List.of(new Site(GW, "lake", "Hồ Bàu Sen", null, "Thanh Khe",
                    16.07, 108.2, "lake", null, List.of(), List.of("lake"))));
            password = ctx.getBean(MqttCredentialService.class).issueForGateway(GW).password();
            assertThat(put(ctx, 1).publishedAt()).isNotNull();
            assertThat(put(ctx, 2).publishedAt()).isNotNull();
            assertThat(retained(password, port)).isEqualTo(2);
        }
        // a restore: the database has the versions, the broker's data is gone
        try (Stream<Path> files = Files.walk(data.resolve("broker"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (ConfigurableApplicationContext ctx = start(port)) {
            assertThat(retained(password, port)).isEqualTo(2);
        }
    }
}
