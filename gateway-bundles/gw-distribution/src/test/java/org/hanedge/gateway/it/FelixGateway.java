package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.LatestReadings;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * A real Apache Felix framework running the distribution's own bundle set (bundle/ of the built gateway
 * distribution). The API package is exported by the system bundle from the test class path instead of the gw-api
 * bundle, so the test can call the gateway's services with the same types.
 */
public final class FelixGateway implements AutoCloseable {


    private final Framework framework;

    private FelixGateway(Framework framework) {
        this.framework = framework;
    }

    /** Starts the gateway with the given site config file; profiles come from the project's device-profiles/. */
    public static FelixGateway start(Path siteConfig, Path storage) throws BundleException, IOException {
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, apiExports());
        props.put("hanedge.config", siteConfig.toString());
        props.put("hanedge.data", storage.resolveSibling(storage.getFileName() + "-data").toString());
        props.put("hanedge.profiles", profilesDir().toString());
        props.put("hanedge.config.scan.ms", "200");
        props.put("felix.log.level", "2");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        framework.init();
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : distributionBundles()) {
            installed.add(ctx.installBundle(jar.toUri().toString()));
        }
        framework.start();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        return new FelixGateway(framework);
    }

    /** The unpacked distribution built by this module (the assembly nests it in a folder of its own name). */
    public static Path distribution() {
        Path dir = Path.of(System.getProperty("hanedge.dist"));
        return dir.resolve(dir.getFileName());
    }

    /** The gw-api bundle's own Export-Package header (names and versions), read from the test class path. */
    public static String apiExports() throws IOException {
        try {
            Path location = Path.of(Reading.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            java.util.jar.Manifest manifest;
            if (Files.isDirectory(location)) {
                try (var in = Files.newInputStream(location.resolve("META-INF/MANIFEST.MF"))) {
                    manifest = new java.util.jar.Manifest(in);
                }
            } else {
                try (var jar = new java.util.jar.JarFile(location.toFile())) {
                    manifest = jar.getManifest();
                }
            }
            return manifest.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }

    public static Path profilesDir() {
        return Path.of(System.getProperty("hanedge.profiles", "../../device-profiles")).toAbsolutePath();
    }

    /** The distribution's bundles, less the API bundle (exported from the class path) and the console shell. */
    private static List<Path> distributionBundles() throws IOException {
        try (Stream<Path> jars = Files.list(distribution().resolve("bundle"))) {
            return jars.filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().startsWith("gw-api-"))
                    .filter(p -> !p.getFileName().toString().startsWith("org.apache.felix.gogo.shell-"))
                    .sorted().toList();
        }
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    public Optional<Reading> latest(String deviceId, String channel) {
        return withService(LatestReadings.class, s -> s.latest(deviceId, channel));
    }

    /** The latest reading of a channel; an {@link AssertionError} (so Awaitility retries) while there is none. */
    public Reading reading(String deviceId, String channel) {
        return latest(deviceId, channel).orElseThrow(() -> new AssertionError(deviceId + "/" + channel
                + " has no reading yet"));
    }

    /**
     * The outbox's stats; waits (at most 10 s) while the outbox component is between two activations (a site
     * config that sets outbox options reactivates it, and a reference taken meanwhile yields no service).
     */
    public OutboxStats outboxStats() {
        return await("outbox service").atMost(ofSeconds(10)).until(this::tryOutboxStats, Optional::isPresent)
                .orElseThrow();
    }

    private Optional<OutboxStats> tryOutboxStats() {
        ServiceReference<Outbox> ref = context().getServiceReference(Outbox.class);
        Outbox outbox = ref == null ? null : context().getService(ref);
        if (outbox == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(outbox.stats());
        } finally {
            context().ungetService(ref);
        }
    }

    /** Device ids with a registered driver service. */
    public List<String> devices() {
        try {
            return context().getServiceReferences(DeviceDriver.class, null).stream()
                    .map(r -> (String) r.getProperty(DeviceDriver.DEVICE_ID)).sorted().toList();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The properties of a Config Admin configuration ({@code pid}, or a named factory configuration
     * {@code factoryPid~name}), empty when there is none. Read reflectively: Config Admin's API is the framework's
     * (its bundle exports it), not the test class path's.
     */
    public Map<String, Object> configuration(String pid) {
        ServiceReference<?>[] refs;
        try {
            // all references: the framework's Config Admin API is not the one the test class path would wire to
            refs = context().getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null) {
            throw new IllegalStateException("Config Admin not registered");
        }
        ServiceReference<?> ref = refs[0];
        Object admin = context().getService(ref);
        try {
            ClassLoader api = admin.getClass().getClassLoader();
            Class<?> adminType = api.loadClass("org.osgi.service.cm.ConfigurationAdmin");
            Class<?> configType = api.loadClass("org.osgi.service.cm.Configuration");
            Object[] configs = (Object[]) adminType.getMethod("listConfigurations", String.class)
                    .invoke(admin, "(service.pid=" + pid + ")");
            Map<String, Object> out = new HashMap<>();
            if (configs == null || configs.length == 0) {
                return out;
            }
            java.util.Dictionary<?, ?> d = (java.util.Dictionary<?, ?>) configType.getMethod("getProperties")
                    .invoke(configs[0]);
            for (Object k : java.util.Collections.list(d.keys())) {
                out.put((String) k, d.get(k));
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Config Admin not readable: " + e, e);
        } finally {
            context().ungetService(ref);
        }
    }

    private <S, R> R withService(Class<S> type, java.util.function.Function<S, R> call) {
        ServiceReference<S> ref = context().getServiceReference(type);
        if (ref == null) {
            throw new IllegalStateException(type.getSimpleName() + " service not registered");
        }
        S service = context().getService(ref);
        try {
            return call.apply(service);
        } finally {
            context().ungetService(ref);
        }
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }
}
