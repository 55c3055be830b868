package org.hanedge.fleet.web;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hanedge.fleet.event.FleetEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import jakarta.annotation.PreDestroy;

/**
 * Server-sent events for the web UI. Changes arrive as {@link FleetEvent}s after their transaction commits and are
 * sent by a thread of this class every half second (never from the ingest writer's thread, so a slow browser cannot
 * hold up the ingest):
 * <ul>
 * <li>{@code presence} {@code {gateway, online, at}} for each online/offline;</li>
 * <li>{@code alarm} {@code {id, gateway, change}} with change RAISED, CLEARED or ACKNOWLEDGED;</li>
 * <li>{@code latest} {@code {gateways: [...]}}: gateways with new readings since the last one, at most one such event
 * every {@value #LATEST_EVERY_MS} ms (throttled; more than 1,000 gateways are sent as {@code {all: true}}). Sent
 * no earlier than the latest-value flush period plus a second after the readings were stored: the {@code series}
 * table (what {@code /latest} answers from) is written by {@code LatestValues} once a period, after the commit.</li>
 * </ul>
 * A comment line every 15 s keeps idle connections open through proxies. On shutdown the streams are closed first
 * (highest lifecycle phase), so that open browsers do not hold up the web server's graceful shutdown.
 */
@Component
public class LiveEvents implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    static final long LATEST_EVERY_MS = 2000;
    private static final long TIMEOUT_MS = 30 * 60_000L;

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Out> pending = new ConcurrentLinkedQueue<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hanedge-live-events");
        t.setDaemon(true);
        return t;
    });
    private final long latestDelayMs;
    private long dirtySince;
    private long lastLatest;
    private long lastBeat;

    public LiveEvents(@org.springframework.beans.factory.annotation.Value("${hanedge.fleet.ingest.latest-flush-ms:1000}")
            long latestFlushMs) {
        this.latestDelayMs = latestFlushMs + 1000;
        sender.scheduleWithFixedDelay(this::flush, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** A new subscriber; the first event, {@code hello}, tells the browser the stream is open. */
    public SseEmitter subscribe() {
        SseEmitter e = new SseEmitter(TIMEOUT_MS);
        e.onCompletion(() -> emitters.remove(e));
        e.onTimeout(() -> emitters.remove(e));
        e.onError(x -> emitters.remove(e));
        emitters.add(e);
        try {
            e.send(SseEmitter.event().name("hello").data(Map.of("subscribers", emitters.size())));
        } catch (IOException | IllegalStateException x) {
            emitters.remove(e);
        }
        return e;
    }

    public int subscribers() {
        return emitters.size();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(FleetEvent.Presence p) {
        pending.add(new Out("presence", Map.of("gateway", p.gatewayId(), "online", p.online(), "at", p.atMillis())));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(FleetEvent.Alarm a) {
        pending.add(new Out("alarm", Map.of("id", a.alarmId(),
                "gateway", a.gatewayId() == null ? "" : a.gatewayId(), "change", a.change().name())));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(FleetEvent.Readings r) {
        synchronized (dirty) {
            if (dirty.isEmpty()) {
                dirtySince = System.currentTimeMillis();
            }
            dirty.addAll(r.gatewayIds());
        }
    }

    private void flush() {
        try {
            long now = System.currentTimeMillis();
            Out ev;
            while ((ev = pending.poll()) != null) {
                send(ev);
            }
            if (now - lastLatest >= LATEST_EVERY_MS) {
                List<String> ids = List.of();
                synchronized (dirty) {
                    if (!dirty.isEmpty() && now - dirtySince >= latestDelayMs) {
                        ids = List.copyOf(dirty);
                        dirty.clear();
                    }
                }
                if (!ids.isEmpty()) {
                    lastLatest = now;
                    send(new Out("latest", ids.size() > 1000 ? Map.of("all", true) : Map.of("gateways", ids)));
                }
            }
            if (now - lastBeat >= 15_000) {
                lastBeat = now;
                send(new Out(null, null));
            }
        } catch (RuntimeException e) {
            LOG.warn("live events: {}", e.toString());
        }
    }

    /** An event to send; a builder is made per emitter (a built builder cannot be sent twice). */
    private record Out(String name, Object data) {
        SseEmitter.SseEventBuilder builder() {
            return name == null ? SseEmitter.event().comment("keep-alive") : SseEmitter.event().name(name).data(data);
        }
    }

    private void send(Out ev) {
        for (SseEmitter e : emitters) {
            try {
                e.send(ev.builder());
            } catch (IOException | IllegalStateException x) {
                emitters.remove(e);
                e.completeWithError(x);
            }
        }
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    @PreDestroy
    public void stop() {
        running = false;
        sender.shutdownNow();
        emitters.forEach(e -> {
            try {
                e.complete();
            } catch (RuntimeException x) {
                // already closed by the browser
            }
        });
        emitters.clear();
    }
}
