package org.hanedge.gateway.gpio.internal;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.WriteCommand;
import org.hanedge.gateway.api.WriteResult;
import org.hanedge.gateway.api.WriteStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Shell command (Gogo, or any shell following the {@code osgi.command.*} service properties, such as Kura's):
 * {@code hanedge:write DEVICE CHANNEL true|false} sends a {@link WriteCommand} with origin {@code shell} to the
 * {@link OutputDriver} registered for the device, the same path a remote command takes (interlocks, reading,
 * log line and event), and prints the outcome.
 */
@Component(service = WriteShellCommand.class, property = {
    "osgi.command.scope=hanedge",
    "osgi.command.function=write"
})
public class WriteShellCommand {
    static final String ORIGIN = "shell";
    private static final long TIMEOUT_SECONDS = 10;

    private final Map<String, OutputDriver> outputs = new ConcurrentHashMap<>();

    @Reference(name = "outputs", service = OutputDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addOutput(OutputDriver driver, Map<String, Object> props) {
        Object id = props.get(DeviceDriver.DEVICE_ID);
        if (id != null) {
            outputs.put(id.toString(), driver);
        }
    }

    void removeOutput(OutputDriver driver) {
        outputs.values().removeIf(d -> d == driver);
    }

    /** Sets an output: {@code hanedge:write pump-io pump1_run true}. */
    public String write(String device, String channel, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        Object parsed = switch (v) {
            case "true", "on" -> Boolean.TRUE;
            case "false", "off" -> Boolean.FALSE;
            default -> null;
        };
        if (parsed == null) {
            return "usage: hanedge:write DEVICE CHANNEL true|false (got '" + value + "')";
        }
        WriteCommand cmd = new WriteCommand(device, channel, parsed, ORIGIN);
        OutputDriver driver = outputs.get(device);
        if (driver == null) {
            return format(new WriteResult(cmd, WriteStatus.UNKNOWN_DEVICE, "no device " + device
                    + " with outputs on this gateway (devices with outputs: "
                    + (outputs.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(outputs.keySet())))
                    + ")", java.time.Instant.now()));
        }
        try {
            return format(driver.write(cmd).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException | TimeoutException e) {
            return "FAILED " + device + "/" + channel + ": " + e;
        }
    }

    /** {@code DONE pump-io/pump1_run = true (origin shell)}, then {@code : reason} when there is one. */
    static String format(WriteResult r) {
        WriteCommand c = r.command();
        return r.status() + " " + c.deviceId() + "/" + c.channel() + " = " + c.value() + " (origin " + c.origin()
                + ")" + (r.reason() == null ? "" : ": " + r.reason());
    }
}
