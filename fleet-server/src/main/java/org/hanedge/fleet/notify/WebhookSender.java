package org.hanedge.fleet.notify;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import org.hanedge.fleet.config.FleetProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Delivers queued webhook notifications ({@code webhook_delivery} rows): POSTs the stored JSON body to the hook's URL
 * with the {@code X-HanEdge-*} headers and a fresh HMAC signature per attempt. A 2xx answer marks the delivery
 * DELIVERED; anything else (another status, a timeout, a refused connection) schedules a retry with exponential
 * back-off and jitter ({@link Backoff}), and after {@code maxAttempts} marks it FAILED (logged at ERROR). The secret
 * is never logged, only the URL's host. Metric {@code hanedge.webhook.deliveries} counts attempts by
 * {@code outcome}: {@code delivered}, {@code retried}, {@code failed}.
 */
@Component
public class WebhookSender {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int BATCH = 50;

    private final WebhookDeliveryRepository deliveries;
    private final WebhookTargets targets;
    private final FleetProperties.WebhookDelivery settings;
    private final Backoff backoff;
    private final Clock clock;
    private final DoubleSupplier random;
    private final HttpClient http;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;

    @Autowired
    public WebhookSender(WebhookDeliveryRepository deliveries, WebhookTargets targets, FleetProperties properties,
            Clock clock, MeterRegistry meters) {
        this(deliveries, targets, properties.webhookDelivery(), clock, meters,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random jitter source, uniform in [0, 1) */
    WebhookSender(WebhookDeliveryRepository deliveries, WebhookTargets targets,
            FleetProperties.WebhookDelivery settings, Clock clock, MeterRegistry meters, DoubleSupplier random) {
        this.deliveries = deliveries;
        this.targets = targets;
        this.settings = settings;
        this.backoff = new Backoff(settings.baseDelay(), settings.maxDelay());
        this.clock = clock;
        this.random = random;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.delivered = counter(meters, "delivered");
        this.retried = counter(meters, "retried");
        this.failed = counter(meters, "failed");
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("hanedge.webhook.deliveries").description("webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(meters);
    }

    @Scheduled(initialDelay = 1000, fixedDelayString = "${hanedge.fleet.webhook-delivery.poll-interval:1s}")
    public void run() {
        try {
            while (runOnce() == BATCH) {
                // a full batch: more may be due
            }
        } catch (RuntimeException e) {
            LOG.error("webhooks: sending failed, trying again shortly: {}", e.toString());
        }
    }

    /**
     * Makes one attempt for each due delivery (at most a batch, sent in parallel) and records the outcomes.
     *
     * @return the number of attempts made
     */
    public int runOnce() {
        long now = clock.millis();
        long lease = now + settings.timeout().toMillis() * 2 + 10_000;
        List<Attempt> attempts = new ArrayList<>();
        for (WebhookDelivery d : deliveries.due(now, BATCH)) {
            if (!deliveries.claim(d, lease)) {
                continue;
            }
            WebhookTargets.Target target = targets.byKey(d.hook()).orElse(null);
            if (target == null) {
                deliveries.failed(d.id(), d.attempts(), now, null, "webhook '" + d.hook() + "' is no longer configured");
                failed.increment();
                LOG.error("webhook {} {} for alarm {}: hook '{}' is no longer configured; given up", d.event(),
                        d.deliveryId(), d.alarmId(), d.hook());
                continue;
            }
            attempts.add(new Attempt(d, target, send(d, target, now)));
        }
        for (Attempt a : attempts) {
            record(a);
        }
        return attempts.size();
    }

    private record Attempt(WebhookDelivery delivery, WebhookTargets.Target target,
            CompletableFuture<HttpResponse<Void>> response) {
    }

    private CompletableFuture<HttpResponse<Void>> send(WebhookDelivery d, WebhookTargets.Target target, long now) {
        String timestamp = Long.toString(now / 1000);
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "HanEdge-Fleet-Webhook/1")
                .header("X-HanEdge-Event", d.event())
                .header("X-HanEdge-Delivery", d.deliveryId())
                .header("X-HanEdge-Timestamp", timestamp)
                .header("X-HanEdge-Signature", WebhookSignature.sign(target.secret(), timestamp, d.body()))
                .POST(HttpRequest.BodyPublishers.ofString(d.body()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    }

    private void record(Attempt a) {
        WebhookDelivery d = a.delivery();
        int attempt = d.attempts() + 1;
        Integer status = null;
        String error;
        try {
            status = a.response().join().statusCode();
            error = "HTTP " + status;
        } catch (CompletionException e) {
            error = describe(e.getCause() == null ? e : e.getCause());
        }
        long at = clock.millis();
        String host = a.target().url().getHost();
        if (status != null && status >= 200 && status < 300) {
            deliveries.delivered(d.id(), attempt, at, status);
            delivered.increment();
            LOG.info("webhook {} {} for alarm {} delivered to {} (HTTP {}, attempt {})", d.event(), d.deliveryId(),
                    d.alarmId(), host, status, attempt);
        } else if (attempt >= settings.maxAttempts()) {
            deliveries.failed(d.id(), attempt, at, status, error);
            failed.increment();
            LOG.error("webhook {} {} for alarm {} to {}: {}; given up after {} attempts", d.event(), d.deliveryId(),
                    d.alarmId(), host, error, attempt);
        } else {
            Duration delay = backoff.delay(attempt, random.getAsDouble());
            deliveries.retry(d.id(), attempt, at, status, error, at + delay.toMillis());
            retried.increment();
            LOG.warn("webhook {} {} for alarm {} to {}: {} (attempt {} of {}); retrying in {} ms", d.event(),
                    d.deliveryId(), d.alarmId(), host, error, attempt, settings.maxAttempts(), delay.toMillis());
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof HttpTimeoutException) {
            return "timed out";
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
