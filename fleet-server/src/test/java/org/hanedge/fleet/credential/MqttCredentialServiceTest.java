package org.hanedge.fleet.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The credential store on the real schema (Flyway-migrated H2). */
@JdbcTest
class MqttCredentialServiceTest {
    @Autowired
    JdbcClient jdbc;

    private final List<Object> events = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private MqttCredentialService service;

    @BeforeEach
    void setUp() {
        jdbc.sql("INSERT INTO gateway (id, kind, name, created_at) VALUES ('CRED-GW-1', 'lake', 'lake 1', 0)").update();
        service = service(false);
    }

    private MqttCredentialService service(boolean demo) {
        return new MqttCredentialService(jdbc, events::add, new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        }, new SecureRandom(), demo);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aGatewayCredentialAuthenticatesAsThatGateway() {
        IssuedCredential c = service.issueForGateway("CRED-GW-1");
        assertThat(c.username()).isEqualTo("CRED-GW-1");
        assertThat(c.toString()).doesNotContain(c.password());
        assertThat(service.authenticate("CRED-GW-1", b(c.password())))
                .contains(new MqttPrincipal("CRED-GW-1", MqttRole.GATEWAY, "CRED-GW-1"));
        assertThat(service.authenticate("CRED-GW-1", b(c.password() + "x"))).isEmpty();
        assertThat(service.authenticate("nobody", b(c.password()))).isEmpty();
        assertThat(service.authenticate(null, b(c.password()))).isEmpty();
        assertThat(service.authenticate("CRED-GW-1", null)).isEmpty();

        String stored = jdbc.sql("SELECT secret_hash FROM mqtt_credential WHERE username = 'CRED-GW-1'").query(String.class).single();
        assertThat(stored).startsWith("sha256$").doesNotContain(c.password());
    }

    @Test
    void reissuingReplacesTheEarlierSecretAtOnce() {
        IssuedCredential first = service.issueForGateway("CRED-GW-1");
        assertThat(service.authenticate("CRED-GW-1", b(first.password()))).isPresent(); // now cached
        IssuedCredential second = service.issueForGateway("CRED-GW-1");
        assertThat(service.authenticate("CRED-GW-1", b(first.password()))).isEmpty();
        assertThat(service.authenticate("CRED-GW-1", b(second.password()))).isPresent();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mqtt_credential").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void unknownOrReservedGatewaysGetNoCredential() {
        assertThatThrownBy(() -> service.issueForGateway("NO-SUCH-GW")).isInstanceOf(UnknownGatewayException.class)
                .hasMessageContaining("NO-SUCH-GW");
        assertThatThrownBy(() -> service.issueForGateway("backend-x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.issueForGateway("monitor-x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.issueForGateway("hanedge-server")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.issueForGateway(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBackendCredentialIsReadOnlyByRole() {
        IssuedCredential c = service.issueForBackend("city");
        assertThat(c.username()).isEqualTo("backend-city");
        assertThat(service.authenticate("backend-city", b(c.password()))).contains(new MqttPrincipal("backend-city", MqttRole.BACKEND, null));
        assertThatThrownBy(() -> service.issueForBackend("with space")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backend name");
        assertThatThrownBy(() -> service.issueForBackend("dot.ted")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.issueForBackend("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMonitorExistsInDemoModeOnly() {
        assertThatThrownBy(() -> service.issueForMonitor("wiretap")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("demo mode only");
        MqttCredentialService demo = service(true);
        IssuedCredential c = demo.issueForMonitor("wiretap");
        assertThat(c.username()).isEqualTo("monitor-wiretap");
        assertThat(demo.authenticate("monitor-wiretap", b(c.password())))
                .contains(new MqttPrincipal("monitor-wiretap", MqttRole.MONITOR, null));
        assertThat(demo.authenticate("monitor-wiretap", b(c.password() + "x"))).isEmpty();
        assertThatThrownBy(() -> demo.issueForMonitor("dot.ted")).isInstanceOf(IllegalArgumentException.class);
        assertThat(service.authenticate("monitor-wiretap", b(c.password())))
                .as("a monitor left from a demo run, the server now outside demo mode").isEmpty();
    }

    @Test
    void revokingRefusesTheCredentialAndTellsTheBroker() {
        IssuedCredential c = service.issueForGateway("CRED-GW-1");
        assertThat(service.authenticate("CRED-GW-1", b(c.password()))).isPresent(); // cached
        service.revoke("CRED-GW-1");
        assertThat(service.authenticate("CRED-GW-1", b(c.password()))).isEmpty();
        assertThat(events).containsExactly(new MqttCredentialRevokedEvent("CRED-GW-1"));
        service.revoke("CRED-GW-1"); // idempotent
        assertThatThrownBy(() -> service.revoke("nobody")).isInstanceOf(UnknownCredentialException.class);

        IssuedCredential again = service.issueForGateway("CRED-GW-1");
        assertThat(service.authenticate("CRED-GW-1", b(again.password()))).as("reissued after revocation").isPresent();
    }

    @Test
    void verifiedRowsAreCachedForAMinute() {
        IssuedCredential c = service.issueForGateway("CRED-GW-1");
        assertThat(service.authenticate("CRED-GW-1", b(c.password()))).isPresent();
        jdbc.sql("DELETE FROM mqtt_credential").update(); // behind the service's back
        assertThat(service.authenticate("CRED-GW-1", b(c.password()))).as("from the cache").isPresent();
        now = now.plus(Duration.ofSeconds(61));
        assertThat(service.authenticate("CRED-GW-1", b(c.password()))).as("cache entry expired").isEmpty();
    }
}
