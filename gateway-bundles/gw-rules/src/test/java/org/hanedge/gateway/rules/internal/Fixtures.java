package org.hanedge.gateway.rules.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.WriteCommand;
import org.hanedge.gateway.api.WriteResult;
import org.hanedge.gateway.api.WriteStatus;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;

/** Profile records, readings on a fake time line, an in-memory outbox and a scripted output driver. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-27T04:00:00Z");

    private Fixtures() {
    }

    static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    static ChannelSpec number(String name, String unit, Reporting reporting, AlarmLimits alarms) {
        return new ChannelSpec(name, name, unit, ValueKind.NUMBER, new ModbusSource(RegisterTable.HOLDING_REGISTER,
                0, DataType.UINT16, Endian.BIG, Endian.BIG, 0.01, 0, -1), Duration.ofSeconds(2), reporting,
                alarms, null);
    }

    static ChannelSpec bool(String name, Reporting reporting, AlarmLimits alarms) {
        return new ChannelSpec(name, name, null, ValueKind.BOOLEAN, new GpioSource(27, GpioMode.INPUT, true,
                Duration.ofMillis(200), 0), null, reporting, alarms, null);
    }

    static ChannelSpec output(String name) {
        return new ChannelSpec(name, name, null, ValueKind.BOOLEAN, new GpioSource(24, GpioMode.OUTPUT, false,
                Duration.ZERO, 0), null, new Reporting(0, true, null), AlarmLimits.NONE, null);
    }

    static Reading num(String device, String channel, double v, double atSeconds) {
        return new Reading(device, channel, v, "m", at(atSeconds), Quality.GOOD);
    }

    static Reading bad(String device, String channel, double atSeconds) {
        return Reading.failed(device, channel, "m", at(atSeconds), Quality.BAD_COMM);
    }

    static Reading flag(String device, String channel, boolean v, double atSeconds) {
        return new Reading(device, channel, v, null, at(atSeconds), Quality.GOOD);
    }

    /** A mutable clock for the stage's timer side. */
    static final class FakeClock extends java.time.Clock {
        volatile Instant now = T0;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records appends; take/acknowledge are not needed here. */
    static final class MemoryOutbox implements Outbox {
        record Appended(Priority priority, Payload payload) {
        }

        final List<Appended> entries = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Long> append(Priority priority, List<Payload> payloads) {
            payloads.forEach(p -> entries.add(new Appended(priority, p)));
            return CompletableFuture.completedFuture((long) entries.size());
        }

        List<Reading> readings() {
            List<Reading> out = new ArrayList<>();
            entries.stream().filter(e -> e.priority() == Priority.TELEMETRY)
                    .forEach(e -> out.add(((Payload.OfReading) e.payload()).reading()));
            return out;
        }

        List<Payload.OfEvent> events(Priority priority) {
            return entries.stream().filter(e -> e.priority() == priority)
                    .map(e -> (Payload.OfEvent) e.payload()).toList();
        }

        @Override
        public List<OutboxEntry> take(int max, Duration wait) {
            return List.of();
        }

        @Override
        public void acknowledge(Collection<Long> seqs) {
        }

        @Override
        public void release(Collection<Long> seqs) {
        }

        @Override
        public OutboxStats stats() {
            return new OutboxStats(Map.of(), 0, 0, 0, Map.of(), entries.size());
        }
    }

    /** Answers every write with what {@code decide} says, and remembers the commands. */
    static final class ScriptedOutput implements OutputDriver {
        final List<WriteCommand> commands = new CopyOnWriteArrayList<>();
        volatile Function<WriteCommand, WriteStatus> decide = c -> WriteStatus.DONE;

        @Override
        public CompletionStage<WriteResult> write(WriteCommand command) {
            commands.add(command);
            WriteStatus s = decide.apply(command);
            return CompletableFuture.completedFuture(new WriteResult(command, s,
                    s == WriteStatus.DONE ? null : "interlock 'dry-run protection': wet_well_level is 0.62 m", T0));
        }
    }
}
