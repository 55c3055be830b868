package org.hanedge.gateway.modbus.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;

/**
 * Plans the read requests for a set of Modbus channels. Pure functions, no state.
 * <p>
 * Coalescing: per table, channels are sorted by address and swept left to right; a channel joins the current request
 * when the unused space between the request's end and the channel's start is at most {@code maxGap} items and the
 * widened request still fits the table's {@link RegisterTable#maxPerRead()}. Channels are atomic, so a multi-register
 * value is never split. Sweeping greedily over sorted intervals yields the fewest requests under both constraints.
 */
public final class PollPlanner {

    /** Default unused registers/bits tolerated inside one request. */
    public static final int DEFAULT_MAX_GAP = 8;
    /** Poll interval for channels whose profile gives none. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(10);

    private static final Comparator<ChannelSpec> BY_ADDRESS = Comparator
            .comparingInt((ChannelSpec c) -> ReadRequest.source(c).address())
            .thenComparingInt(c -> ReadRequest.source(c).endAddress())
            .thenComparing(ChannelSpec::name);

    private PollPlanner() {
    }

    /** One poll group per distinct poll interval (shortest first), each planned with {@link #plan}. */
    public static List<PollGroup> groups(List<ChannelSpec> channels, int maxGap) {
        Map<Duration, List<ChannelSpec>> byInterval = new TreeMap<>();
        for (ChannelSpec c : channels) {
            byInterval.computeIfAbsent(interval(c), k -> new ArrayList<>()).add(c);
        }
        List<PollGroup> groups = new ArrayList<>();
        byInterval.forEach((interval, list) -> groups.add(new PollGroup(interval, plan(list, maxGap))));
        return groups;
    }

    /** The poll interval the planner uses for a channel. */
    public static Duration interval(ChannelSpec channel) {
        Duration poll = channel.poll();
        return poll == null || poll.isZero() || poll.isNegative() ? DEFAULT_POLL : poll;
    }

    /**
     * The fewest requests that read all {@code channels}, with at most {@code maxGap} unused items between two
     * consecutive values of one request. Ignores poll intervals. Requests are ordered by table, then address.
     */
    public static List<ReadRequest> plan(List<ChannelSpec> channels, int maxGap) {
        int gap = Math.max(0, maxGap);
        List<ReadRequest> requests = new ArrayList<>();
        byTable(channels).forEach((table, list) -> {
            list.sort(BY_ADDRESS);
            List<ChannelSpec> current = new ArrayList<>();
            int start = 0;
            int end = 0;
            for (ChannelSpec c : list) {
                ModbusSource s = ReadRequest.source(c);
                if (!current.isEmpty()) {
                    int newEnd = Math.max(end, s.endAddress());
                    boolean near = s.address() - end - 1 <= gap;
                    boolean fits = newEnd - start + 1 <= table.maxPerRead();
                    if (near && fits) {
                        current.add(c);
                        end = newEnd;
                        continue;
                    }
                    requests.add(new ReadRequest(table, start, end - start + 1, current));
                    current = new ArrayList<>();
                }
                current.add(c);
                start = s.address();
                end = s.endAddress();
            }
            if (!current.isEmpty()) {
                requests.add(new ReadRequest(table, start, end - start + 1, current));
            }
        });
        return requests;
    }

    /** The naive plan: one request per channel (for comparison and benchmarks). */
    public static List<ReadRequest> onePerChannel(List<ChannelSpec> channels) {
        List<ReadRequest> requests = new ArrayList<>();
        byTable(channels).forEach((table, list) -> {
            list.sort(BY_ADDRESS);
            for (ChannelSpec c : list) {
                ModbusSource s = ReadRequest.source(c);
                requests.add(new ReadRequest(table, s.address(), s.length(), List.of(c)));
            }
        });
        return requests;
    }

    private static Map<RegisterTable, List<ChannelSpec>> byTable(List<ChannelSpec> channels) {
        Map<RegisterTable, List<ChannelSpec>> byTable = new EnumMap<>(RegisterTable.class);
        for (ChannelSpec c : channels) {
            ModbusSource s = ReadRequest.source(c);
            if (s.address() < 0 || s.endAddress() > 0xFFFF) {
                throw new IllegalArgumentException("channel " + c.name() + ": address " + s.address()
                        + " outside 0..65535");
            }
            byTable.computeIfAbsent(s.table(), t -> new ArrayList<>()).add(c);
        }
        return byTable;
    }
}
