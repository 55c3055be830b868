package org.hanedge.fleet.registry;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Gauges of the registry: gateways known and online (refreshed every 10 s, not per scrape). */
@Component
public class GatewayMetrics {
    private final GatewayRepository repository;
    private final AtomicLong online = new AtomicLong();
    private final AtomicLong known = new AtomicLong();

    public GatewayMetrics(GatewayRepository repository, MeterRegistry registry) {
        this.repository = repository;
        Gauge.builder("hanedge.gateways.online", online, AtomicLong::get)
                .description("gateways whose last state message said online").register(registry);
        Gauge.builder("hanedge.gateways.registered", known, AtomicLong::get)
                .description("gateways in the registry").register(registry);
        refresh();
    }

    @Scheduled(fixedDelay = 10_000)
    public void refresh() {
        online.set(repository.countOnline());
        known.set(repository.count(GatewayFilter.ANY));
    }
}
