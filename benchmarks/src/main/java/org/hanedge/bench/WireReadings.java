package org.hanedge.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.rules.internal.ReportByException;
import org.hanedge.contract.senml.Sample;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.simulators.signals.SignalModel;
import org.hanedge.simulators.signals.Signals;
import org.hanedge.simulators.signals.SimClock;

/**
 * The readings a gateway really sends for one device: the simulators' signal model of the profile (as
 * {@code bench rbe}) polled at each Modbus channel's interval, every poll through the gateway's own
 * report-by-exception filter (deadbands, onChange, heartbeats, windows of docs/rules.md), after a warm-up that
 * sends every channel's first report. Only Modbus channels: the NMEA and GPIO channels of the boat, the truck and
 * the pump station have no signal model here and are left out. Sequence numbers are consecutive in send order.
 */
final class WireReadings {
    static final Instant START = ZonedDateTime.of(2026, 11, 27, 8, 0, 0, 0, SimClock.DA_NANG).toInstant();
    static final long WARM_UP_SECONDS = 15 * 60;
    static final long MAX_SECONDS = 7 * 86_400;

    private WireReadings() {
    }

    /** What the gateway sent, in send order, and the simulated seconds it took to send them. */
    record Stream(List<Sample> samples, List<Long> sentAtSecond) {
        /** Seconds from the first to the {@code n}-th reading's send: the gathering window of a pack of n. */
        long windowSeconds(int n) {
            return sentAtSecond.get(n - 1) - sentAtSecond.get(0);
        }
    }

    /** The first {@code count} readings sent after the warm-up. */
    static Stream of(DeviceProfile profile, String device, int count, long firstSeq) {
        RegisterBank bank = new RegisterBank(profile);
        SignalModel model = Signals.forBank(bank, 1);
        List<ChannelSpec> polled = profile.channelsOn(ModbusSource.class);
        ReportByException rbe = new ReportByException((dev, ch) -> profile.channel(ch), Clock.fixed(START,
                ZoneOffset.UTC));
        List<Sample> out = new ArrayList<>(count);
        List<Long> at = new ArrayList<>(count);
        long seq = firstSeq;
        for (long s = 0; out.size() < count && s < MAX_SECONDS; s++) {
            Instant now = START.plusSeconds(s);
            model.step(now.atZone(SimClock.DA_NANG), s == 0 ? 0 : 1.0, bank);
            List<Reading> poll = new ArrayList<>();
            for (ChannelSpec c : polled) {
                if (s % Math.max(1, c.poll().toSeconds()) == 0) {
                    Object v = c.kind() == ValueKind.BOOLEAN ? (Object) bank.getBool(c.name())
                            : (Object) bank.get(c.name());
                    poll.add(new Reading(device, c.name(), v, c.unit(), now, Quality.GOOD));
                }
            }
            List<Reading> sent = new ArrayList<>(rbe.filter(poll));
            sent.addAll(rbe.tick(now));
            if (s < WARM_UP_SECONDS) {
                continue;
            }
            for (Reading r : sent) {
                if (out.size() < count) {
                    out.add(sample(r, seq++));
                    at.add(s);
                }
            }
        }
        if (out.size() < count) {
            throw new IllegalStateException(profile.id() + " sent only " + out.size() + " readings in a week");
        }
        return new Stream(out, at);
    }

    private static Sample sample(Reading r, long seq) {
        long t = r.time().toEpochMilli();
        String q = r.quality() == Quality.GOOD ? null : r.quality().name();
        if (r.value() instanceof Boolean b) {
            return Sample.bool(r.deviceId(), r.channel(), b, t, q, seq);
        }
        if (r.value() instanceof Number n) {
            return Sample.number(r.deviceId(), r.channel(), r.unit(), n.doubleValue(), t, q, seq);
        }
        return r.value() == null ? Sample.noValue(r.deviceId(), r.channel(), t, q == null ? "BAD" : q, seq)
                : Sample.text(r.deviceId(), r.channel(), r.value().toString(), t, q, seq);
    }
}
