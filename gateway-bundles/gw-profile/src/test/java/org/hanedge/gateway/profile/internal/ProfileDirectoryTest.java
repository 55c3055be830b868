package org.hanedge.gateway.profile.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The component against a minimal BundleContext: services follow the files, and stop with the component. */
class ProfileDirectoryTest {
    @TempDir
    Path dir;

    /** Registered services by registration number: profile ref as seen through the service properties. */
    private final Map<Integer, String> services = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ProfileDirectory component = new ProfileDirectory();

    @AfterEach
    void stop() {
        component.deactivate();
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    assertEquals(DeviceProfile.class, args[0]);
                    DeviceProfile profile = (DeviceProfile) args[1];
                    Dictionary<?, ?> props = (Dictionary<?, ?>) args[2];
                    assertEquals(profile.id(), props.get(DeviceProfile.PROFILE_ID));
                    assertEquals(profile.version(), props.get(DeviceProfile.PROFILE_VERSION));
                    int id = ids.incrementAndGet();
                    services.put(id, props.get(DeviceProfile.PROFILE_ID) + "@" + props.get(DeviceProfile.PROFILE_VERSION));
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                if (m.getName().equals("unregister")) {
                                    if (services.remove(id) == null) {
                                        throw new IllegalStateException("already unregistered");
                                    }
                                    return null;
                                }
                                throw new UnsupportedOperationException(m.getName());
                            });
                });
    }

    private ProfileDirectory.Config config(Path directory) {
        return (ProfileDirectory.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProfileDirectory.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "directory" -> directory.toString();
                    case "scanIntervalSeconds" -> 1;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void write(String id, String version, String unit) throws Exception {
        Files.writeString(dir.resolve(id + ".yaml"), ProfileCatalogTest.profile(id, version, unit));
    }

    @Test
    void servicesFollowTheFiles() throws Exception {
        write("pump", "1.0.0", "m");
        component.activate(context(), config(dir));
        assertEquals(Map.of(1, "pump@1.0.0"), services, "registered synchronously on activation");

        // a broken change is refused; the same scan picks up a new file, so once that appears the scan has run
        write("pump", "1.1.0", "furlong");
        write("lake", "1.0.0", "m");
        await().atMost(Duration.ofSeconds(10)).until(() -> services.containsValue("lake@1.0.0"));
        assertTrue(services.containsValue("pump@1.0.0"), "last good pump profile stays: " + services);
        assertEquals(2, services.size());

        write("pump", "1.2.0", "m");
        await().atMost(Duration.ofSeconds(10)).until(() -> services.containsValue("pump@1.2.0"));
        assertEquals(2, services.size(), "replaced, not added: " + services);

        Files.delete(dir.resolve("lake.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !services.containsValue("lake@1.0.0"));
        assertEquals(1, services.size());

        component.deactivate();
        assertTrue(services.isEmpty(), "deactivate unregisters everything");
    }

    @Test
    void theShippedProfilesRegister() {
        component.activate(context(), config(Path.of("../../device-profiles")));
        assertEquals(5, services.size(), services.toString());
        assertTrue(services.containsValue("pump-station@1.1.0"), services.toString());
    }
}
