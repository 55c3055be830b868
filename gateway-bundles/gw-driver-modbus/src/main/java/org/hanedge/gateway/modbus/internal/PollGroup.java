package org.hanedge.gateway.modbus.internal;

import java.time.Duration;
import java.util.List;

/** The requests that are polled together at one interval. */
public record PollGroup(Duration interval, List<ReadRequest> requests) {
    public PollGroup {
        requests = List.copyOf(requests);
    }

    public int channelCount() {
        return requests.stream().mapToInt(r -> r.channels().size()).sum();
    }
}
