package org.hanedge.fleet.time;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.GatewayTopic;
import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.broker.MqttEndpoint;
import org.hanedge.fleet.broker.ServerMqttAccess;
import org.hanedge.fleet.config.FleetProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/**
 * The server's time for gateways without a trustworthy clock (docs/uplink.md, "Clock"): MQTT 5 request/response on
 * a gateway's {@link TopicKind#TIME_REQUEST time/req}, answered {@code {"epochMillis":...}} (this server's clock when
 * the answer is built) with the request's Correlation Data, QoS 0 (a lost answer is asked again on the gateway's next
 * connect). Answered only on the requester's own {@link TopicKind#TIME_RESPONSE time/res}: a request without that
 * Response Topic is dropped and counted. Its own MQTT client (clean session: a request is worth nothing later),
 * through a shared subscription so several servers split the requests.
 */
@Component
public class TimeService implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(TimeService.class);

    private final ServerMqttAccess access;
    private final FleetProperties properties;
    private final Clock clock;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private Mqtt5AsyncClient client;
    private volatile boolean running;

    @Autowired
    public TimeService(ServerMqttAccess access, FleetProperties properties) {
        this(access, properties, Clock.systemUTC());
    }

    TimeService(ServerMqttAccess access, FleetProperties properties, Clock clock) {
        this.access = access;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void start() {
        MqttEndpoint ep = access.endpoint();
        Mqtt5ClientBuilder b = ep.clientBuilder(properties.mqtt().clientId() + ".time");
        client = b.buildAsync();
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onRequest);
        running = true;
        client.connectWith().cleanStart(true).keepAlive(30).send().join();
        String filter = Topics.sharedFilter(properties.mqtt().sharedGroup(), TopicKind.TIME_REQUEST);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_MOST_ONCE).send().join();
        LOG.info("time service: answering {}", filter);
    }

    private void onRequest(Mqtt5Publish request) {
        Optional<String> target = responseTopic(request.getTopic().toString(),
                request.getResponseTopic().map(Object::toString).orElse(null));
        if (target.isEmpty()) {
            long n = refused.incrementAndGet();
            LOG.debug("time service: request on {} without its own time/res response topic dropped ({} so far)",
                    request.getTopic(), n);
            return;
        }
        byte[] json = ("{\"epochMillis\":" + clock.millis() + "}").getBytes(StandardCharsets.UTF_8);
        var answer = client.publishWith().topic(target.get()).qos(MqttQos.AT_MOST_ONCE).payload(json)
                .contentType(ContentType.JSON.mime()).payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8);
        Optional<ByteBuffer> corr = request.getCorrelationData();
        if (corr.isPresent()) {
            answer = answer.correlationData(corr.get());
        }
        answer.send();
        answered.incrementAndGet();
    }

    /**
     * The topic to answer on: the Response Topic only when it is exactly the {@code time/res} topic of the gateway
     * whose {@code time/req} topic the request came on; otherwise none.
     */
    static Optional<String> responseTopic(String requestTopic, String responseTopic) {
        if (requestTopic == null || responseTopic == null) {
            return Optional.empty();
        }
        GatewayTopic request;
        try {
            request = Topics.parse(requestTopic);
        } catch (TopicException e) {
            return Optional.empty();
        }
        if (request.kind() != TopicKind.TIME_REQUEST) {
            return Optional.empty();
        }
        String own = Topics.of(request.gatewayId(), TopicKind.TIME_RESPONSE);
        return own.equals(responseTopic) ? Optional.of(own) : Optional.empty();
    }

    /** Requests answered since start. */
    public long answered() {
        return answered.get();
    }

    /** Requests dropped (no or a foreign response topic) since start. */
    public long refused() {
        return refused.get();
    }

    @Override
    public void stop() {
        running = false;
        if (client != null) {
            try {
                client.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("time service: disconnect: {}", e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return ServerMqttAccess.BROKER_PHASE + 20;
    }
}
