package org.hanedge.gateway.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.simulators.modbus.RegisterBank;

/** Test fixtures: profiles copied with fast polling, and register banks filled with known engineering values. */
public final class SimulatedSite {
    private SimulatedSite() {
    }

    /**
     * Copies the shipped profiles into {@code dir} with every poll interval set to one second and every channel
     * reported on every sample (see {@link #everySample}), so tests see changes quickly while exercising the real
     * register maps.
     */
    public static Path fastProfiles(Path dir, String... ids) throws IOException {
        return profilesPolledEvery("1s", dir, ids);
    }

    /** Copies the shipped profiles into {@code dir} with every poll interval set to {@code poll}, every sample reported. */
    public static Path profilesPolledEvery(String poll, Path dir, String... ids) throws IOException {
        return copy(dir, yaml -> everySample(polledEvery(poll, yaml)), ids);
    }

    /**
     * Copies the shipped profiles with every poll interval set to one second, reporting (deadbands, onChange,
     * windows), alarms and rules exactly as shipped.
     */
    public static Path fastProfilesAsShipped(Path dir, String... ids) throws IOException {
        return copy(dir, yaml -> polledEvery("1s", yaml), ids);
    }

    private static Path copy(Path dir, UnaryOperator<String> rewrite, String... ids) throws IOException {
        Files.createDirectories(dir);
        for (String id : ids) {
            String yaml = Files.readString(FelixGateway.profilesDir().resolve(id + ".yaml"));
            Files.writeString(dir.resolve(id + ".yaml"), rewrite.apply(yaml));
        }
        return dir;
    }

    private static String polledEvery(String poll, String yaml) {
        return yaml.replaceAll("poll: *\\d+(ms|s|m|h)", "poll: " + poll);
    }

    /**
     * Turns report-by-exception off in a profile (deadband 0, no onChange, no window: every sample goes to the
     * outbox, as before gw-rules), so tests that count readings end to end count polls, not changes of the
     * simulated signals. Alarms and rules stay as shipped.
     */
    public static String everySample(String yaml) {
        return yaml.replaceAll("deadband: *[0-9.]+", "deadband: 0")
                .replaceAll("onChange: *true", "onChange: false")
                .replaceAll("(?m)^ *window: *\\S+ *\\n", "");
    }

    public static DeviceProfile load(Path profiles, String id) throws Exception {
        return ProfileLoader.load(profiles.resolve(id + ".yaml"));
    }

    /**
     * Fills a bank with a distinct, exactly representable value per Modbus channel (raw 7, 14, 21 ... times scale plus
     * offset; booleans alternate) and returns the engineering value each channel must read as.
     */
    public static Map<String, Object> fill(RegisterBank bank, int seed) {
        Map<String, Object> expected = new LinkedHashMap<>();
        List<ChannelSpec> channels = bank.profile().channelsOn(ModbusSource.class);
        for (int i = 0; i < channels.size(); i++) {
            ChannelSpec c = channels.get(i);
            ModbusSource s = (ModbusSource) c.source();
            if (c.kind() == ValueKind.BOOLEAN) {
                boolean v = (i + seed) % 2 == 0;
                bank.set(c.name(), v);
                expected.put(c.name(), v);
            } else {
                double v = s.offset() + s.scale() * 7 * (i + 1 + seed);
                bank.set(c.name(), v);
                expected.put(c.name(), v);
            }
        }
        return expected;
    }
}
