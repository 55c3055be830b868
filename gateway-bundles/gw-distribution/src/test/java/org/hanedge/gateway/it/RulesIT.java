package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;

/**
 * The edge stage with no uplink at all, on the shipped pump-station profile: the simulated wet well rises above the
 * high level; the gateway raises the HIGH alarm into the outbox at ALARM priority, and the rule
 * {@code standby_pump_on_high_level} switches the standby pump's relay on (through the GPIO driver, interlocks
 * checked) and records a {@code rule-action} event.
 */
class RulesIT {
    @TempDir
    Path dir;

    @Test
    void risingWetWellRaisesTheHighAlarmAndStartsTheStandbyPumpWithoutUplink() throws Exception {
        Path profiles = SimulatedSite.fastProfilesAsShipped(dir.resolve("profiles"), "pump-station");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "pump-station"));
        SimulatedSite.fill(bank, 0);
        bank.set("wet_well_level", 2.0);
        try (ModbusTcpSlave plc = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0)) {
            Path site = dir.resolve("site.yaml");
            Files.writeString(site, """
                    gateway: { id: gw-rules-it }
                    profiles: profiles
                    devices:
                      - { id: ps-plc, profile: pump-station, modbus: { transport: tcp, port: %d } }
                      - { id: ps-io, profile: pump-station, gpio: { provider: mock } }
                    """.formatted(plc.port()));
            try (FelixGateway gateway = FelixGateway.start(site, dir.resolve("felix"))) {
                await("normal level read").atMost(ofSeconds(30)).untilAsserted(() -> assertEquals(2.0,
                        gateway.reading("ps-plc", "wet_well_level").numberValue(), 0.01));
                await("standby relay off at start").atMost(ofSeconds(30)).untilAsserted(() -> assertEquals(
                        Boolean.FALSE, gateway.reading("ps-io", "pump3_run").value()));

                for (double level : new double[] {2.6, 3.1, 3.6, 3.8}) {
                    bank.set("wet_well_level", level);
                    await("level " + level).atMost(ofSeconds(30)).untilAsserted(() -> assertEquals(level,
                            gateway.reading("ps-plc", "wet_well_level").numberValue(), 0.01));
                }
                await("standby pump relay switched on by the rule").atMost(ofSeconds(60)).untilAsserted(() -> {
                    Reading relay = gateway.reading("ps-io", "pump3_run");
                    assertEquals(Quality.GOOD, relay.quality(), relay.toString());
                    assertEquals(Boolean.TRUE, relay.value(), relay.toString());
                });

                List<OutboxEntry> taken = new ArrayList<>();
                await("HIGH alarm and rule action in the outbox").atMost(ofSeconds(30)).untilAsserted(() -> {
                    taken.addAll(take(gateway));
                    assertTrue(taken.stream().anyMatch(e -> e.priority() == Priority.ALARM
                            && json(e).contains("\"alarm\":\"ps-plc/wet_well_level/HIGH\"")
                            && json(e).contains("\"state\":\"raised\"")), () -> describe(taken));
                    assertTrue(taken.stream().anyMatch(e -> e.priority() == Priority.EVENT
                            && json(e).contains("\"type\":\"rule-action\"")
                            && json(e).contains("\"rule\":\"standby_pump_on_high_level\"")
                            && json(e).contains("\"output\":\"pump3_run\",\"set\":true,\"status\":\"DONE\"")),
                            () -> describe(taken));
                });
                OutboxEntry alarm = taken.stream().filter(e -> json(e).contains("/wet_well_level/HIGH\""))
                        .findFirst().orElseThrow();
                Payload.OfEvent event = (Payload.OfEvent) alarm.payload();
                assertEquals("alarm", event.topic());
                assertTrue(event.json().contains("\"severity\":\"MAJOR\"") && event.json().contains("\"limit\":3.5"),
                        event.json());
                assertTrue(taken.stream().anyMatch(e -> e.priority() == Priority.EVENT
                        && json(e).contains("\"type\":\"output-write\"") && json(e).contains("rule:standby_pump")),
                        "the GPIO driver records the write with the rule as its origin: " + describe(taken));
            }
        }
    }

    /** Takes what is pending (there is no uplink to take it): highest priority first. */
    private static List<OutboxEntry> take(FelixGateway gateway) throws InterruptedException {
        ServiceReference<Outbox> ref = gateway.context().getServiceReference(Outbox.class);
        if (ref == null) {
            throw new AssertionError("no outbox service yet");
        }
        Outbox outbox = gateway.context().getService(ref);
        try {
            return outbox.take(10_000, Duration.ofMillis(100));
        } finally {
            gateway.context().ungetService(ref);
        }
    }

    private static String json(OutboxEntry e) {
        return e.payload() instanceof Payload.OfEvent ev ? ev.json() : "";
    }

    private static String describe(List<OutboxEntry> entries) {
        StringBuilder sb = new StringBuilder();
        entries.stream().filter(e -> e.priority() != Priority.TELEMETRY)
                .forEach(e -> sb.append(e.priority()).append(' ').append(json(e)).append('\n'));
        return sb.toString();
    }
}
