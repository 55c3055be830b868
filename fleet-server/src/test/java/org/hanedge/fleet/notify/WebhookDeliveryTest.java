package org.hanedge.fleet.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.hanedge.fleet.alarm.AlarmRecorder;
import org.hanedge.fleet.alarm.AlarmRepository;
import org.hanedge.fleet.alarm.AlarmService;
import org.hanedge.fleet.alarm.AlarmSource;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.telemetry.query.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Webhooks end to end against a real local HTTP server: queueing, signature, retries with back-off, give-up. */
class WebhookDeliveryTest {
    static final Instant T0 = Instant.parse("2026-11-27T04:00:00Z");
    static final String SECRET = "pump-team-secret-0123456789";

    TestDatabase db;
    MutableClock clock;
    SimpleMeterRegistry meters;
    WebhookReceiver receiver;
    WebhookDeliveryRepository deliveries;
    AlarmRecorder recorder;
    AlarmService service;
    WebhookTargets targets;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        db.gateway("WH-PS-1", "pump-station", "Pump station Hoa Xuan", "Cam Le");
        db.gateway("WH-LK-1", "lake", "Bau Tram lake", "Lien Chieu");
        clock = new MutableClock(T0);
        meters = new SimpleMeterRegistry();
        deliveries = new WebhookDeliveryRepository(db.jdbc);
    }

    @AfterEach
    void tearDown() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private void wire(Map<String, FleetProperties.Webhook> hooks) {
        targets = new WebhookTargets(hooks);
        WebhookOutbox outbox = new WebhookOutbox(db.jdbc, deliveries, targets, clock);
        AlarmRepository alarms = new AlarmRepository(db.jdbc);
        recorder = new AlarmRecorder(alarms, List.of(outbox));
        service = new AlarmService(alarms, clock, List.of(outbox));
    }

    private WebhookSender sender(int maxAttempts) {
        FleetProperties.WebhookDelivery settings = new FleetProperties.WebhookDelivery(Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofMinutes(1), maxAttempts, Duration.ofSeconds(1));
        Random random = new Random(42);
        return new WebhookSender(deliveries, targets, settings, clock, meters, random::nextDouble);
    }

    private long raise() {
        return recorder.raise(AlarmSource.GATEWAY, "WH-PS-1", "ps-plc", "wet_well_level", "wet_well_level:HIGH_HIGH",
                "CRITICAL", "Wet-well level 4.31 m above 4.20 m", 4.31, 4.2, T0.toEpochMilli(), 77L).id();
    }

    private double count(String outcome) {
        return meters.counter("hanedge.webhook.deliveries", "outcome", outcome).count();
    }

    @Test
    void retriesWithGrowingDelaysUntilAcceptedAndSignsEveryAttempt() throws Exception {
        receiver = new WebhookReceiver(500, 500, WebhookReceiver.HANG);
        wire(Map.of("pump-station", new FleetProperties.Webhook(receiver.url(), SECRET)));
        long alarmId = raise();
        WebhookSender sender = sender(10);

        List<Long> delays = new ArrayList<>();
        WebhookDelivery d = deliveries.forAlarm(alarmId).get(0);
        for (int attempt = 1; attempt <= 3; attempt++) {
            long attemptAt = clock.millis();
            assertThat(sender.runOnce()).isEqualTo(1);
            d = deliveries.find(d.id()).orElseThrow();
            assertThat(d.state()).isEqualTo(DeliveryState.PENDING);
            assertThat(d.attempts()).isEqualTo(attempt);
            long delay = d.nextAttemptAt() - attemptAt;
            long base = 1000L << (attempt - 1);
            assertThat(delay).as("delay after attempt %d", attempt).isBetween(base, base + base / 4);
            delays.add(delay);
            // not due yet: nothing is sent
            clock.setMillis(d.nextAttemptAt() - 1);
            assertThat(sender.runOnce()).isZero();
            assertThat(receiver.requests).hasSize(attempt);
            clock.setMillis(d.nextAttemptAt());
        }
        assertThat(delays).isSorted().doesNotHaveDuplicates();
        assertThat(d.lastStatus()).isNull();
        assertThat(d.lastError()).isEqualTo("timed out");

        assertThat(sender.runOnce()).isEqualTo(1);
        d = deliveries.find(d.id()).orElseThrow();
        assertThat(d.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(d.attempts()).isEqualTo(4);
        assertThat(d.lastStatus()).isEqualTo(200);
        assertThat(d.doneAt()).isEqualTo(clock.millis());
        assertThat(sender.runOnce()).isZero();
        assertThat(receiver.requests).hasSize(4);
        assertThat(count("retried")).isEqualTo(3);
        assertThat(count("delivered")).isEqualTo(1);
        assertThat(count("failed")).isZero();

        // every attempt: same delivery id and body, a fresh timestamp, a signature that verifies with the secret only
        for (WebhookReceiver.Request r : receiver.requests) {
            assertThat(r.header("X-HanEdge-Event")).isEqualTo("alarm.raised");
            assertThat(r.header("X-HanEdge-Delivery")).isEqualTo(d.deliveryId());
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.body()).isEqualTo(d.body());
            String ts = r.header("X-HanEdge-Timestamp");
            String sig = r.header("X-HanEdge-Signature");
            assertThat(sig).startsWith("sha256=").hasSize(7 + 64);
            assertThat(WebhookSignature.verify(SECRET, ts, r.body(), sig)).isTrue();
            assertThat(WebhookSignature.verify("another-secret", ts, r.body(), sig)).isFalse();
            assertThat(WebhookSignature.verify(SECRET, ts, r.body().replace("4.31", "4.32"), sig)).isFalse();
            assertThat(WebhookSignature.verify(SECRET, Long.toString(Long.parseLong(ts) + 1), r.body(), sig))
                    .isFalse();
        }
        assertThat(receiver.requests.get(0).header("X-HanEdge-Timestamp"))
                .isEqualTo(Long.toString(T0.getEpochSecond()));
        assertThat(receiver.requests.get(3).header("X-HanEdge-Timestamp"))
                .isEqualTo(Long.toString(clock.millis() / 1000));

        JsonNode body = new ObjectMapper().readTree(receiver.requests.get(3).body());
        assertThat(body.path("event").asText()).isEqualTo("alarm.raised");
        assertThat(body.path("delivery").asText()).isEqualTo(d.deliveryId());
        assertThat(body.path("alarmId").asLong()).isEqualTo(alarmId);
        assertThat(body.path("key").asText()).isEqualTo("wet_well_level:HIGH_HIGH");
        assertThat(body.path("gateway").asText()).isEqualTo("WH-PS-1");
        assertThat(body.path("site").asText()).isEqualTo("Pump station Hoa Xuan");
        assertThat(body.path("district").asText()).isEqualTo("Cam Le");
        assertThat(body.path("domain").asText()).isEqualTo("pump-station");
        assertThat(body.path("device").asText()).isEqualTo("ps-plc");
        assertThat(body.path("channel").asText()).isEqualTo("wet_well_level");
        assertThat(body.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(body.path("state").asText()).isEqualTo("RAISED");
        assertThat(body.path("source").asText()).isEqualTo("GATEWAY");
        assertThat(body.path("value").asDouble()).isEqualTo(4.31);
        assertThat(body.path("limit").asDouble()).isEqualTo(4.2);
        assertThat(body.path("raisedAt").asText()).isEqualTo("2026-11-27T04:00:00Z");
        assertThat(body.path("time").asText()).isEqualTo("2026-11-27T04:00:00Z");
        assertThat(body.path("message").asText()).isEqualTo("Wet-well level 4.31 m above 4.20 m");
        assertThat(body.path("acknowledged").asBoolean()).isFalse();
    }

    @Test
    void givesUpAfterMaxAttempts() {
        receiver = new WebhookReceiver(503, 503, 503, 503);
        wire(Map.of("*", new FleetProperties.Webhook(receiver.url(), SECRET)));
        long alarmId = raise();
        WebhookSender sender = sender(3);
        for (int i = 0; i < 3; i++) {
            assertThat(sender.runOnce()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(2));
        }
        WebhookDelivery d = deliveries.forAlarm(alarmId).get(0);
        assertThat(d.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.lastStatus()).isEqualTo(503);
        assertThat(d.lastError()).isEqualTo("HTTP 503");
        assertThat(sender.runOnce()).isZero();
        assertThat(receiver.requests).hasSize(3);
        assertThat(count("retried")).isEqualTo(2);
        assertThat(count("failed")).isEqualTo(1);
    }

    @Test
    void everyTransitionGoesToTheDomainHookAndTheCatchAll() {
        receiver = new WebhookReceiver();
        wire(Map.of("pump-station", new FleetProperties.Webhook(receiver.url(), SECRET),
                "*", new FleetProperties.Webhook(receiver.url(), "ops-centre-secret-0123456789")));
        long pump = raise();
        service.acknowledge(pump, "ops", "crew sent");
        service.acknowledge(pump, "bob", "again"); // idempotent: no second notification
        recorder.clear("WH-PS-1", "wet_well_level:HIGH_HIGH", T0.toEpochMilli() + 60_000, 78L);
        long lake = recorder.raise(AlarmSource.SERVER, "WH-LK-1", null, null, "CLOCK_DRIFT", "WARNING", "drift",
                45.0, 30.0, T0.toEpochMilli(), null).id();

        assertThat(deliveries.forAlarm(pump)).extracting(WebhookDelivery::event, WebhookDelivery::hook)
                .containsExactly(
                        tuple("alarm.raised", "pump-station"), tuple("alarm.raised", "*"),
                        tuple("alarm.acknowledged", "pump-station"), tuple("alarm.acknowledged", "*"),
                        tuple("alarm.cleared", "pump-station"), tuple("alarm.cleared", "*"));
        assertThat(deliveries.forAlarm(lake)).extracting(WebhookDelivery::hook).containsExactly("*");

        WebhookSender sender = sender(5);
        assertThat(sender.runOnce()).isEqualTo(7);
        assertThat(receiver.requests).hasSize(7);
        for (WebhookReceiver.Request r : receiver.requests) {
            JsonNode body = read(r.body());
            String hook = deliveries.forAlarm(body.path("alarmId").asLong()).stream()
                    .filter(d -> d.deliveryId().equals(r.header("X-HanEdge-Delivery"))).findFirst().orElseThrow()
                    .hook();
            String secret = hook.equals("pump-station") ? SECRET : "ops-centre-secret-0123456789";
            assertThat(WebhookSignature.verify(secret, r.header("X-HanEdge-Timestamp"), r.body(),
                    r.header("X-HanEdge-Signature"))).isTrue();
        }
        JsonNode ack = receiver.requests.stream().map(r -> read(r.body()))
                .filter(b -> b.path("event").asText().equals("alarm.acknowledged")).findFirst().orElseThrow();
        assertThat(ack.path("actor").asText()).isEqualTo("ops");
        assertThat(ack.path("acknowledgedBy").asText()).isEqualTo("ops");
        assertThat(ack.path("comment").asText()).isEqualTo("crew sent");
        assertThat(ack.path("acknowledged").asBoolean()).isTrue();
        JsonNode cleared = receiver.requests.stream().map(r -> read(r.body()))
                .filter(b -> b.path("event").asText().equals("alarm.cleared")).findFirst().orElseThrow();
        assertThat(cleared.path("state").asText()).isEqualTo("CLEARED");
        assertThat(cleared.path("clearedAt").asText()).isEqualTo("2026-11-27T04:01:00Z");
        assertThat(count("delivered")).isEqualTo(7);
    }

    @Test
    void deliveriesAreWrittenWithTheAlarmChangeAndSurviveACrashBeforeSending() {
        receiver = new WebhookReceiver();
        wire(Map.of("pump-station", new FleetProperties.Webhook(receiver.url(), SECRET)));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource));

        // committed: the alarm and its delivery row are there, nothing has been sent yet
        long alarmId = tx.execute(s -> raise());
        assertThat(deliveries.forAlarm(alarmId)).singleElement()
                .satisfies(d -> assertThat(d.state()).isEqualTo(DeliveryState.PENDING));
        assertThat(receiver.requests).isEmpty();

        // rolled back: neither the alarm nor a delivery
        tx.executeWithoutResult(s -> {
            recorder.raise(AlarmSource.GATEWAY, "WH-PS-1", "ps-plc", "pump1_fault", "pump1_fault", "MAJOR", "fault",
                    1.0, null, T0.toEpochMilli(), 80L);
            s.setRollbackOnly();
        });
        assertThat(db.jdbc.sql("SELECT COUNT(*) FROM alarm").query(Long.class).single()).isEqualTo(1);
        assertThat(db.jdbc.sql("SELECT COUNT(*) FROM webhook_delivery").query(Long.class).single()).isEqualTo(1);

        // "after the restart": a new sender finds the row and delivers it
        assertThat(sender(5).runOnce()).isEqualTo(1);
        assertThat(receiver.requests).hasSize(1);
        assertThat(deliveries.forAlarm(alarmId).get(0).state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void noHooksNoRows() {
        wire(Map.of());
        long id = raise();
        assertThat(deliveries.forAlarm(id)).isEmpty();
    }

    private static JsonNode read(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
