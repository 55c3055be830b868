package org.hanedge.fleet.telemetry.query;

import java.time.Clock;
import java.util.List;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.NotFoundException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/** Latest values and series of a gateway's channels, read from raw readings or rollups as the step asks. */
@Service
public class TelemetryQueryService {
    private final TelemetryQueryRepository repository;
    private final Clock clock;

    @Autowired
    public TelemetryQueryService(TelemetryQueryRepository repository) {
        this(repository, Clock.systemUTC());
    }

    TelemetryQueryService(TelemetryQueryRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Every series of a gateway with its latest value, by device and channel.
     *
     * @throws NotFoundException when the gateway is neither registered nor has any series
     */
    public List<LatestValueDto> latest(String gatewayId) {
        List<LatestValueDto> values = repository.latest(gatewayId);
        if (values.isEmpty() && !repository.gatewayExists(gatewayId)) {
            throw new NotFoundException("gateway", gatewayId);
        }
        return values;
    }

    /**
     * A channel's series. Parameters are the request's strings ({@code null} = not given).
     *
     * @param device may be omitted when the channel is on one device of the gateway only
     * @throws BadRequestException naming the parameter that is missing, malformed or out of bounds
     * @throws NotFoundException   when the gateway or the series does not exist
     */
    public SeriesDto series(String gatewayId, String device, String channel, String from, String to, String step) {
        if (channel == null || channel.isBlank()) {
            throw new BadRequestException("channel", "is required");
        }
        SeriesPlan plan = SeriesPlan.of(QueryParameters.instant("from", from, null),
                QueryParameters.instant("to", to, null), QueryParameters.duration("step", step), clock.instant());
        SeriesKey key = find(gatewayId, blankToNull(device), channel);
        long start = plan.from().toEpochMilli();
        long end = plan.to().toEpochMilli();
        List<SeriesPointDto> points;
        if (plan.resolution() == Resolution.RAW) {
            points = repository.raw(key, start, end, SeriesPlan.MAX_POINTS + 1);
            if (points.size() > SeriesPlan.MAX_POINTS) {
                throw new BadRequestException("step", "more than " + SeriesPlan.MAX_POINTS
                        + " raw readings between from and to; shorten the range or use a step of at least 1m");
            }
        } else {
            points = repository.rollup(key.id(), plan.resolution(), plan.firstBucket(), end, plan.stepMillis());
        }
        return new SeriesDto(key.gatewayId(), key.deviceId(), key.channel(), key.unit(), plan.from(), plan.to(),
                plan.step(), plan.resolution(), points);
    }

    private SeriesKey find(String gatewayId, String device, String channel) {
        List<SeriesKey> found = repository.series(gatewayId, device, channel);
        if (found.isEmpty()) {
            if (!repository.gatewayExists(gatewayId)) {
                throw new NotFoundException("gateway", gatewayId);
            }
            throw new NotFoundException("series", gatewayId + "/" + (device == null ? "*" : device) + "/" + channel);
        }
        if (found.size() > 1) {
            throw new BadRequestException("device", "channel '" + channel + "' is on several devices of gateway '"
                    + gatewayId + "' (" + String.join(", ", found.stream().map(SeriesKey::deviceId).toList())
                    + "); name one");
        }
        return found.get(0);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
