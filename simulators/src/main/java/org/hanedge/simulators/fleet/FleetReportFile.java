package org.hanedge.simulators.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes the per-gateway report of a fleet as JSON, atomically (a temporary file beside the target, then a move), so
 * a reader never sees half a file:
 * <pre>{@code {"time":"2026-...Z","running":true,"gateways":[{"gatewayId":"gw-1","firstSeq":1,"nextSeq":61,
 *   "readingsTaken":60,"readingsAcked":57,"inFlightReadings":3,"backlogReadings":0,"readingsDropped":0}, ...]}}</pre>
 */
final class FleetReportFile {
    private static final JsonFactory JSON = new JsonFactory();

    private FleetReportFile() {
    }

    /** Writes {@code report} to {@code file}; {@code running} is false in the last report, after the fleet stopped. */
    static void write(Path file, List<GatewayReport> report, boolean running) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
                JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.now().toString());
            g.writeBooleanField("running", running);
            g.writeArrayFieldStart("gateways");
            for (GatewayReport r : report) {
                g.writeStartObject();
                g.writeStringField("gatewayId", r.gatewayId());
                g.writeNumberField("firstSeq", r.firstSeq());
                g.writeNumberField("nextSeq", r.nextSeq());
                g.writeNumberField("readingsTaken", r.readingsTaken());
                g.writeNumberField("readingsAcked", r.readingsAcked());
                g.writeNumberField("inFlightReadings", r.inFlightReadings());
                g.writeNumberField("backlogReadings", r.backlogReadings());
                g.writeNumberField("readingsDropped", r.readingsDropped());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
