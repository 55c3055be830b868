package org.hanedge.gateway.serial.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingSink;

/** Keeps every published reading. */
final class CollectingSink implements ReadingSink {
    final List<Reading> readings = new CopyOnWriteArrayList<>();

    @Override
    public void publish(List<Reading> batch) {
        readings.addAll(batch);
    }

    List<Reading> of(String channel) {
        return readings.stream().filter(r -> r.channel().equals(channel)).toList();
    }

    List<Reading> where(Predicate<Reading> p) {
        return readings.stream().filter(p).toList();
    }

    Reading last(String channel) {
        List<Reading> l = of(channel);
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }

    int size() {
        return readings.size();
    }
}
