package org.hanedge.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.hanedge.fleet.config.FleetProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ExternalBrokerAccessTest {

    @Test
    void parsesTcpAndSslUris() {
        assertThat(ExternalBrokerAccess.parse("tcp://broker.local:1884", "srv", "pw"))
                .isEqualTo(new MqttEndpoint("broker.local", 1884, false, "srv", "pw"));
        assertThat(ExternalBrokerAccess.parse("ssl://broker.local", "srv", "pw"))
                .isEqualTo(new MqttEndpoint("broker.local", 8883, true, "srv", "pw"));
        assertThat(ExternalBrokerAccess.parse("tcp://10.0.0.5", null, null).port()).isEqualTo(1883);
        assertThat(ExternalBrokerAccess.parse("ssl://[::1]:8884", null, null).host()).isEqualTo("::1");
    }

    @Test
    void refusesMissingOrMalformedUrisNamingTheSetting() {
        for (String bad : new String[] {null, " ", "http://x:1883", "broker:1883", "tcp://", "tcp://x:1883/path", "tcp://u:p@x:1883", "tcp://x y"}) {
            assertThatThrownBy(() -> ExternalBrokerAccess.parse(bad, null, null)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("hanedge.fleet.mqtt.external-uri");
        }
    }

    @Test
    void clientsAreToldTheExternalUriOrTheEmbeddedListener() {
        assertThat(uri(Map.of("hanedge.fleet.mqtt.mode", "external", "hanedge.fleet.mqtt.external-uri", "ssl://mq.city:8883"), "api.city"))
                .isEqualTo("ssl://mq.city:8883");
        assertThat(uri(Map.of("hanedge.fleet.mqtt.port", "1884"), "api.city")).isEqualTo("tcp://api.city:1884");
        assertThat(uri(Map.of("hanedge.fleet.mqtt.tls-port", "8883"), "api.city")).isEqualTo("ssl://api.city:8883");
        assertThat(uri(Map.of("hanedge.fleet.mqtt.bind-address", "10.1.2.3"), "api.city")).isEqualTo("tcp://10.1.2.3:1883");
    }

    private static String uri(Map<String, String> settings, String requestHost) {
        FleetProperties p = new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("hanedge.fleet", FleetProperties.class);
        return new ClientBrokerUri(p).forClients(requestHost);
    }
}
