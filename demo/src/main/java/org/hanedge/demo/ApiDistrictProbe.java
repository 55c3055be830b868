package org.hanedge.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The outage's district as the fleet server's API and the virtual fleet's report files show it. Real gateways: from
 * their stats (lastSeq L and pending P: every entry up to L - P is acknowledged, the pending ones being the newest),
 * the readings up to the lastSeq of their first stats after the restore that are not acknowledged yet. Virtual
 * gateways: the backlogs in the report files ({@code gateways[].backlogReadings}).
 */
public final class ApiDistrictProbe implements DistrictProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FleetApi api;
    private final String district;
    private final List<String> realIds;
    private final List<Path> reports;
    private final Map<String, Long> lastSeqAfterRestore = new HashMap<>();

    public ApiDistrictProbe(FleetApi api, String district, List<String> realIds, List<Path> reports) {
        this.api = api;
        this.district = district;
        this.realIds = List.copyOf(realIds);
        this.reports = List.copyOf(reports);
    }

    @Override
    public OptionalInt online() {
        return api.online(district);
    }

    @Override
    public OptionalLong realUndelivered(Instant restoredAt) {
        long sum = 0;
        for (String g : realIds) {
            Optional<long[]> stats = api.overview(g).flatMap(o -> statsAfter(o.path("outbox"), restoredAt));
            if (stats.isEmpty()) {
                return OptionalLong.empty();
            }
            long last = stats.get()[0];
            long pending = stats.get()[1];
            long target = lastSeqAfterRestore.computeIfAbsent(g, k -> last);
            sum += Math.max(0, target - (last - pending));
        }
        return OptionalLong.of(sum);
    }

    /** {lastSeq, pending} of stats sent after {@code restoredAt} (whole seconds compared), else empty. */
    static Optional<long[]> statsAfter(JsonNode outbox, Instant restoredAt) {
        JsonNode time = outbox.path("statsTime");
        JsonNode last = outbox.path("stats").path("outbox").path("lastSeq");
        JsonNode pending = outbox.path("pending");
        if (!time.isTextual() || !last.canConvertToLong() || !pending.canConvertToLong()) {
            return Optional.empty();
        }
        try {
            long statsSecond = Instant.parse(time.asText()).getEpochSecond();
            if (statsSecond <= restoredAt.getEpochSecond()) {
                return Optional.empty();
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.of(new long[] {last.asLong(), pending.asLong()});
    }

    @Override
    public OptionalLong virtualBacklog() {
        long sum = 0;
        for (Path r : reports) {
            OptionalLong b = backlogOf(r);
            if (b.isEmpty()) {
                return b;
            }
            sum += b.getAsLong();
        }
        return OptionalLong.of(sum);
    }

    /** Readings in the backlogs of one fleet's report file; empty if the file is missing or unreadable. */
    static OptionalLong backlogOf(Path report) {
        if (!Files.isRegularFile(report)) {
            return OptionalLong.empty();
        }
        try {
            long sum = 0;
            for (JsonNode g : JSON.readTree(report.toFile()).path("gateways")) {
                sum += g.path("backlogReadings").asLong();
            }
            return OptionalLong.of(sum);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
