package org.hanedge.simulators.serial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fazecast.jSerialComm.SerialPort;
import org.hanedge.simulators.PtyPair;
import org.junit.jupiter.api.Test;

/** The serial simulators over a real socat pseudo-terminal pair, read with jSerialComm like the gateway does. */
class SerialSimulatorPtyTest {

    private static List<String> readLines(SerialPort port, int atLeast) {
        List<String> lines = new CopyOnWriteArrayList<>();
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[512];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            int n = port.readBytes(buf, buf.length);
            for (int i = 0; i < n; i++) {
                char c = (char) buf[i];
                if (c == '\n') {
                    lines.add(sb.toString().trim());
                    sb.setLength(0);
                } else {
                    sb.append(c);
                }
            }
            return lines.size() >= atLeast;
        });
        return lines;
    }

    private static SerialPort open(String path, int baud) {
        SerialPort p = SerialPort.getCommPort(path);
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 200, 0);
        assertTrue(p.openPort(), "open " + path);
        return p;
    }

    @Test
    void gpsStreamsFourSentencesPerSecondAt9600() throws Exception {
        assumeTrue(PtyPair.socatAvailable(), PtyPair.SOCAT_MISSING);
        try (PtyPair pty = PtyPair.openTemp();
                NmeaGps gps = new NmeaGps(Routes.fishingBoat(), "BD", 20, 0)) {
            gps.start(pty.b().toString(), 9600);
            SerialPort port = open(pty.a().toString(), 9600);
            try {
                List<String> lines = readLines(port, 12);
                String all = String.join("\n", lines);
                assertTrue(all.contains("$BDGGA") && all.contains("$BDRMC") && all.contains("$BDVTG")
                        && all.contains("$BDGSA"), all);
            } finally {
                port.closePort();
            }
        }
    }

    @Test
    void scaleIndicatorStreamsWeightLines() throws Exception {
        assumeTrue(PtyPair.socatAvailable(), PtyPair.SOCAT_MISSING);
        try (PtyPair pty = PtyPair.openTemp();
                ScaleIndicator scale = new ScaleIndicator(Routes.wasteTruck(), 50, 0)) {
            scale.start(pty.b().toString(), 9600);
            SerialPort port = open(pty.a().toString(), 9600);
            try {
                List<String> lines = readLines(port, 5);
                assertTrue(lines.stream().anyMatch(l -> l.matches("^(ST|US),GS,[-+]\\d+\\.\\dkg$")), lines.toString());
                scale.inject("garbage\r\n".getBytes(StandardCharsets.US_ASCII));
            } finally {
                port.closePort();
            }
        }
    }
}
