package org.hanedge.gateway.stream.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hanedge.gateway.api.LatestReadings;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingListener;
import org.hanedge.gateway.api.ReadingSink;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's in-process reading stream: remembers the latest reading of every channel, logs each reading and
 * hands it to every {@link ReadingListener} on the publishing thread.
 */
@Component(service = {ReadingSink.class, LatestReadings.class}, immediate = true)
public class ReadingStream implements ReadingSink, LatestReadings {
    private static final Logger LOG = LoggerFactory.getLogger("org.hanedge.gateway.readings");
    private static final Comparator<Reading> BY_CHANNEL =
            Comparator.comparing(Reading::deviceId).thenComparing(Reading::channel);

    private final Map<String, Reading> latest = new ConcurrentHashMap<>();
    private final List<ReadingListener> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ReadingListener listener) {
        listeners.add(listener);
    }

    void removeListener(ReadingListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void publish(List<Reading> readings) {
        List<Reading> batch = List.copyOf(readings);
        for (Reading reading : batch) {
            latest.put(key(reading.deviceId(), reading.channel()), reading);
            if (LOG.isInfoEnabled()) {
                LOG.info(ReadingFormat.line(reading));
            }
        }
        for (ReadingListener listener : listeners) {
            try {
                listener.onReadings(batch);
            } catch (RuntimeException e) {
                LOG.error("reading listener {} failed on {} readings from {}", listener, batch.size(),
                        batch.isEmpty() ? "-" : batch.get(0).deviceId(), e);
            }
        }
    }

    @Override
    public List<Reading> all() {
        return latest.values().stream().sorted(BY_CHANNEL).toList();
    }

    @Override
    public Optional<Reading> latest(String deviceId, String channel) {
        return Optional.ofNullable(latest.get(key(deviceId, channel)));
    }

    private static String key(String deviceId, String channel) {
        return deviceId + '/' + channel;
    }
}
