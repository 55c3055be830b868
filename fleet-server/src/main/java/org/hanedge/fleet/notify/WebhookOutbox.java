package org.hanedge.fleet.notify;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.hanedge.fleet.alarm.AlarmDto;
import org.hanedge.fleet.alarm.AlarmListener;
import org.hanedge.fleet.alarm.AlarmTransition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Queues a webhook notification for every alarm transition: one {@code webhook_delivery} row per target hook (the
 * alarm's domain and {@code *}), written in the transaction of the alarm change, so a notification is never lost to
 * a crash and never sent for a change that rolled back. {@link WebhookSender} delivers the rows.
 */
@Component
public class WebhookOutbox implements AlarmListener {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private final JdbcClient jdbc;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookTargets targets;
    private final Clock clock;

    public WebhookOutbox(JdbcClient jdbc, WebhookDeliveryRepository deliveries, WebhookTargets targets, Clock clock) {
        this.jdbc = jdbc;
        this.deliveries = deliveries;
        this.targets = targets;
        this.clock = clock;
    }

    private record Site(String kind, String name, String nameLocal, String district) {
        static final Site UNKNOWN = new Site(null, null, null, null);
    }

    @Override
    public void onTransition(AlarmTransition t) {
        if (targets.isEmpty()) {
            return;
        }
        AlarmDto a = t.alarm();
        Site site = jdbc.sql("SELECT kind, name, name_local, district FROM gateway WHERE id = ?").param(a.gateway())
                .query((rs, n) -> new Site(rs.getString("kind"), rs.getString("name"), rs.getString("name_local"),
                        rs.getString("district")))
                .optional().orElse(Site.UNKNOWN);
        List<WebhookTargets.Target> to = targets.forDomain(site.kind());
        long now = clock.millis();
        String event = t.type().eventName();
        for (WebhookTargets.Target target : to) {
            String deliveryId = UUID.randomUUID().toString();
            AlarmNotification doc = new AlarmNotification(event, deliveryId, t.at(), t.actor(), a.id(), a.key(),
                    a.gateway(), site.name(), site.nameLocal(), site.district(), site.kind(), a.device(), a.channel(),
                    a.severity(), a.source(), a.state(), a.acknowledged(), a.acknowledgedBy(), a.comment(), a.value(),
                    a.limit(), a.raisedAt(), a.acknowledgedAt(), a.clearedAt(), a.message());
            deliveries.insert(deliveryId, target.key(), event, a.id(), json(doc), now);
        }
    }

    static String json(AlarmNotification doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the webhook document", e);
        }
    }
}
