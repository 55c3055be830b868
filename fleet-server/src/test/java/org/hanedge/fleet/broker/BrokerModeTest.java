package org.hanedge.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.credential.CredentialVerifier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Which broker access the setting selects, and the start-up errors of bad settings (no broker is started here). */
class BrokerModeTest {
    @Configuration
    @EnableConfigurationProperties(FleetProperties.class)
    static class Base {
        @Bean
        CredentialVerifier verifier() {
            return (u, p) -> Optional.empty();
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Base.class, EmbeddedBroker.class, ExternalBrokerAccess.class);

    @Test
    void externalModeUsesTheConfiguredBrokerAndRunsNone() {
        runner.withPropertyValues("hanedge.fleet.mqtt.mode=external", "hanedge.fleet.mqtt.external-uri=ssl://mq.city:8884",
                        "hanedge.fleet.mqtt.username=fleet", "hanedge.fleet.mqtt.password=pw")
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(ServerMqttAccess.class).doesNotHaveBean(EmbeddedBroker.class);
                    assertThat(ctx.getBean(ServerMqttAccess.class).endpoint()).isEqualTo(new MqttEndpoint("mq.city", 8884, true, "fleet", "pw"));
                });
    }

    @Test
    void externalModeWithoutUriFailsNamingTheSetting() {
        runner.withPropertyValues("hanedge.fleet.mqtt.mode=EXTERNAL").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("hanedge.fleet.mqtt.external-uri is required"));
    }

    @Test
    void anUnknownModeFailsNamingTheSetting() {
        runner.withPropertyValues("hanedge.fleet.mqtt.mode=extrenal").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("hanedge.fleet.mqtt.mode must be 'embedded' or 'external', was 'extrenal'"));
    }
}
