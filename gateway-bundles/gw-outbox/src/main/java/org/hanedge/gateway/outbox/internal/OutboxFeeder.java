package org.hanedge.gateway.outbox.internal;

import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingListener;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxFullException;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every batch of readings to the outbox as {@link Priority#TELEMETRY}. Runs on the driver's thread and does
 * not wait for the fsync: the entries are in the OS when {@code append} returns. Failures (full under reject-new,
 * disk errors) are counted by the outbox and logged here at a bounded rate; they never reach the driver.
 */
@Component(service = ReadingListener.class, immediate = true)
public class OutboxFeeder implements ReadingListener {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxFeeder.class);

    private final Outbox outbox;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 10_000);

    @Activate
    public OutboxFeeder(@Reference(name = "outbox") Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void onReadings(List<Reading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        List<Payload> payloads = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            payloads.add(new Payload.OfReading(r));
        }
        String from = readings.get(0).deviceId();
        try {
            outbox.append(Priority.TELEMETRY, payloads).whenComplete((seq, e) -> {
                if (e != null) {
                    failures.warn("outbox: " + payloads.size() + " readings from " + from + " not made durable: "
                            + e.getMessage(), null);
                }
            });
        } catch (OutboxFullException e) {
            failures.warn(e.getMessage(), null);
        } catch (RuntimeException e) {
            failures.warn("outbox: " + payloads.size() + " readings from " + from + " not stored: " + e.getMessage(),
                    e);
        }
    }
}
