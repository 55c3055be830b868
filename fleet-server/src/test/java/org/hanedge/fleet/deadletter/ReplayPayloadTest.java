package org.hanedge.fleet.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.junit.jupiter.api.Test;

/** What a dead letter replays: today's payloads as they are, older record-level ones rebuilt as a pack. */
class ReplayPayloadTest {
    private static final String TELEMETRY = Topics.of("GW", TopicKind.TELEMETRY);

    private static StoredDeadLetter letter(String topic, String payload, int size) {
        return new StoredDeadLetter(1, 0, "GW", topic, "UNKNOWN_DEVICE", "d", size,
                payload == null ? null : Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)),
                null, null, null);
    }

    private static String replayed(StoredDeadLetter d) {
        return new String(ReplayPayload.of(d), StandardCharsets.UTF_8);
    }

    @Test
    void aWholeMessageOrAPackIsReplayedAsItIs() {
        String pack = "[{\"bn\":\"GW/sonde/\",\"n\":\"ph\",\"v\":7,\"t\":1.7E9,\"seq\":3}]";
        assertThat(replayed(letter(TELEMETRY, pack, pack.length()))).isEqualTo(pack);
        assertThat(ReplayPayload.notReplayable(letter(TELEMETRY, pack, pack.length()))).isNull();
        String alarm = "{\"alarm\":\"a\",\"state\":\"cleared\",\"seq\":4}";
        assertThat(replayed(letter(Topics.of("GW", TopicKind.ALARM), alarm, alarm.length()))).isEqualTo(alarm);
    }

    @Test
    void olderRecordLevelDeadLettersAreRebuilt() {
        // the record's JSON as received
        String record = "{\"bn\":\"GW/sonde/\",\"n\":\"ph\",\"v\":7,\"t\":1.7E9,\"seq\":3}";
        assertThat(replayed(letter(TELEMETRY, record, record.length()))).isEqualTo("[" + record + "]");
        // the record's summary
        String summary = "sonde/water_level v=1.25 u=m t=1764800000123ms q=ESTIMATED seq=42";
        assertThat(replayed(letter(TELEMETRY, summary, summary.length()))).isEqualTo(
                "[{\"bn\":\"GW/sonde/\",\"n\":\"water_level\",\"u\":\"m\",\"v\":1.25,\"t\":1764800000.123,"
                        + "\"q\":\"ESTIMATED\",\"seq\":42}]");
        String bool = "sonde/wiper_fault vb=false t=1764800000000ms seq=5";
        assertThat(replayed(letter(TELEMETRY, bool, bool.length()))).isEqualTo(
                "[{\"bn\":\"GW/sonde/\",\"n\":\"wiper_fault\",\"vb\":false,\"t\":1764800000.000,\"seq\":5}]");
        String noValue = "sonde/ph no value u=pH t=1764800000000ms q=BAD_COMM seq=6";
        assertThat(replayed(letter(TELEMETRY, noValue, noValue.length()))).as("a quality record")
                .isEqualTo("[{\"bn\":\"GW/sonde/\",\"n\":\"ph:q\",\"u\":\"pH\",\"vs\":\"BAD_COMM\","
                        + "\"t\":1764800000.000,\"seq\":6}]");
    }

    @Test
    void whatCannotBeReplayedSaysWhy() {
        assertThat(ReplayPayload.notReplayable(letter(TELEMETRY, "[1", 300_000)))
                .contains("only the first 2 of 300000 bytes");
        assertThat(ReplayPayload.notReplayable(letter(TELEMETRY, null, 0))).contains("no payload");
        assertThat(ReplayPayload.notReplayable(letter(Topics.of("GW", TopicKind.STATE), "{}", 2))).contains("not replayed");
        assertThat(ReplayPayload.replayable(letter(Topics.of("GW", TopicKind.STATS), "{}", 2))).isFalse();
        assertThat(ReplayPayload.replayable(letter(Topics.of("GW", TopicKind.EVENT), "{}", 2))).isTrue();
    }
}
