package org.hanedge.gateway.serial.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.SerialLineSource;
import org.hanedge.gateway.api.profile.ValueKind;

/**
 * The profile's ASCII channels ({@code bus: ascii}) of one instrument. Streaming channels (no {@code request}) are
 * matched against every received line. Polled channels are grouped by their request string: each group's request is
 * sent every poll interval (the shortest of its channels), and until the reply timeout its channels are matched against
 * the lines that arrive; a channel that got no matching line by then gets a value-less {@link Quality#BAD_COMM}
 * reading. Values: the pattern's capture group, times {@code scale} for numbers, as text for {@code kind: text}.
 * Thread-safe (lines arrive on the reader thread, polls run on the poll thread).
 */
public final class AsciiInstrument {

    /** One request string and the channels its reply feeds. */
    public static final class PollGroup {
        final String request;
        final byte[] requestBytes;
        final Duration interval;
        final List<Line> channels = new ArrayList<>();
        final List<Line> waiting = new ArrayList<>();
        boolean pending;

        PollGroup(String request, Duration interval) {
            this.request = request;
            this.requestBytes = request.getBytes(StandardCharsets.ISO_8859_1);
            this.interval = interval;
        }

        public byte[] requestBytes() {
            return requestBytes.clone();
        }

        public String request() {
            return request;
        }

        public Duration interval() {
            return interval;
        }
    }

    private static final class Line {
        final ChannelSpec channel;
        final Pattern pattern;
        final int group;
        final double scale;

        Line(ChannelSpec channel, SerialLineSource src) {
            this.channel = channel;
            this.pattern = Pattern.compile(src.pattern());
            this.group = src.group();
            this.scale = src.scale();
        }
    }

    private final String deviceId;
    private final List<Line> streaming = new ArrayList<>();
    private final List<PollGroup> groups;

    public AsciiInstrument(String deviceId, List<ChannelSpec> channels) {
        this.deviceId = deviceId;
        Map<String, PollGroup> byRequest = new LinkedHashMap<>();
        for (ChannelSpec c : channels) {
            if (!(c.source() instanceof SerialLineSource src)) {
                continue;
            }
            Line line = new Line(c, src);
            if (src.request() == null || src.request().isEmpty()) {
                streaming.add(line);
            } else {
                Duration poll = c.poll() != null ? c.poll() : Duration.ofSeconds(5);
                PollGroup g = byRequest.get(src.request());
                if (g == null || poll.compareTo(g.interval) < 0) {
                    PollGroup n = new PollGroup(src.request(), poll);
                    if (g != null) {
                        n.channels.addAll(g.channels);
                    }
                    byRequest.put(src.request(), n);
                    g = n;
                }
                g.channels.add(line);
            }
        }
        this.groups = List.copyOf(byRequest.values());
    }

    public List<PollGroup> pollGroups() {
        return groups;
    }

    public boolean hasStreaming() {
        return !streaming.isEmpty();
    }

    /**
     * The readings one line gives (streaming channels, and polled channels waiting for a reply). A matching line
     * whose value is not a number gives nothing and is reported through {@code bad}.
     */
    public synchronized List<Reading> onLine(String text, Instant time, BadInputCounter bad) {
        List<Reading> out = null;
        for (Line l : streaming) {
            out = match(l, text, time, out, bad);
        }
        for (PollGroup g : groups) {
            if (!g.pending) {
                continue;
            }
            for (int i = 0; i < g.waiting.size(); i++) {
                Line l = g.waiting.get(i);
                int before = out == null ? 0 : out.size();
                out = match(l, text, time, out, bad);
                if (out != null && out.size() > before) {
                    g.waiting.remove(i--);
                }
            }
            if (g.waiting.isEmpty()) {
                g.pending = false;
            }
        }
        return out == null ? List.of() : out;
    }

    private Reading value(Line l, String group, Instant time) {
        ChannelSpec c = l.channel;
        if (c.kind() == ValueKind.TEXT) {
            return new Reading(deviceId, c.name(), group.trim(), null, time, Quality.GOOD);
        }
        if (c.kind() == ValueKind.BOOLEAN) {
            String g = group.trim();
            boolean v = g.equals("1") || g.equalsIgnoreCase("true") || g.equalsIgnoreCase("on");
            return new Reading(deviceId, c.name(), v, null, time, Quality.GOOD);
        }
        double v = Double.parseDouble(group.trim()) * l.scale;
        return new Reading(deviceId, c.name(), v, c.unit(), time, Quality.GOOD);
    }

    private List<Reading> match(Line l, String text, Instant time, List<Reading> out, BadInputCounter bad) {
        Matcher m = l.pattern.matcher(text);
        if (!m.find()) {
            return out;
        }
        String group = l.group <= m.groupCount() ? m.group(l.group) : null;
        if (group == null) {
            bad.count(BadInput.MALFORMED, text);
            return out;
        }
        Reading r;
        try {
            r = value(l, group, time);
        } catch (NumberFormatException e) {
            bad.count(BadInput.MALFORMED, text);
            return out;
        }
        List<Reading> list = out == null ? new ArrayList<>(2) : out;
        list.add(r);
        return list;
    }

    /** Marks a group's request as sent: its channels wait for a reply. */
    public synchronized void requestSent(PollGroup g) {
        g.waiting.clear();
        g.waiting.addAll(g.channels);
        g.pending = true;
    }

    /**
     * Ends the wait for a group's reply: the channels that got no matching line get {@link Quality#BAD_COMM}
     * readings (empty when everything answered).
     */
    public synchronized List<Reading> replyTimeout(PollGroup g, Instant time) {
        if (!g.pending) {
            return List.of();
        }
        List<Reading> out = new ArrayList<>(g.waiting.size());
        for (Line l : g.waiting) {
            out.add(Reading.failed(deviceId, l.channel.name(), l.channel.unit(), time, Quality.BAD_COMM));
        }
        g.waiting.clear();
        g.pending = false;
        return out;
    }

    /** Whether a reply is awaited for this group. */
    public synchronized boolean pending(PollGroup g) {
        return g.pending;
    }

    /** Streaming channels, for silence and offline readings. */
    public List<ChannelSpec> streamingChannels() {
        return streaming.stream().map(l -> l.channel).toList();
    }
}
