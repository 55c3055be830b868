package org.hanedge.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Where the built parts of a HanEdge checkout are: the jars and the gateway distribution the demo runs. */
public final class Layout {
    private final Path root;

    public Layout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path profiles() {
        return root.resolve("device-profiles");
    }

    public Path sitesCsv() {
        return root.resolve("docs/demo/danang-sites.csv");
    }

    /** @throws DemoUsageException naming the first part the demo runs that is not built */
    public void checkBuilt() throws DemoUsageException {
        fleetServerJar();
        simulatorsClassPath();
        provisioningClassPath();
        gatewayScript();
    }

    /** Class path of the simulators (jar plus its lib/). */
    public String simulatorsClassPath() throws DemoUsageException {
        return jar("simulators/target", "simulators-", ".jar") + java.io.File.pathSeparator
                + root.resolve("simulators/target/lib") + "/*";
    }

    /** Class path of the technician's tool (jar plus its lib/). */
    public String provisioningClassPath() throws DemoUsageException {
        return jar("provisioning/target", "provisioning-", ".jar") + java.io.File.pathSeparator
                + root.resolve("provisioning/target/lib") + "/*";
    }

    public Path fleetServerJar() throws DemoUsageException {
        return jar("fleet-server/target", "fleet-server-", "-exec.jar");
    }

    /** {@code bin/hanedge-gateway} of the built gateway distribution. */
    public Path gatewayScript() throws DemoUsageException {
        Path target = root.resolve("gateway-bundles/gw-distribution/target");
        Optional<Path> dist = newest(target, p -> p.getFileName().toString().startsWith("hanedge-gateway-")
                && Files.isDirectory(p));
        Path script = dist.flatMap(d -> newest(d, p -> Files.isExecutable(p.resolve("bin/hanedge-gateway"))))
                .map(d -> d.resolve("bin/hanedge-gateway")).orElse(null);
        if (script == null) {
            throw new DemoUsageException("no gateway distribution in " + target + " (run ./hanedge build)");
        }
        return script;
    }

    private Path jar(String dir, String prefix, String suffix) throws DemoUsageException {
        Path d = root.resolve(dir);
        return newest(d, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(suffix) && !n.endsWith("-sources.jar")
                    && !n.endsWith("-tests.jar") && (suffix.equals("-exec.jar") || !n.endsWith("-exec.jar"));
        }).orElseThrow(() -> new DemoUsageException("no " + prefix + "*" + suffix + " in " + d
                + " (run ./hanedge build)"));
    }

    private static Optional<Path> newest(Path dir, Predicate<Path> filter) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(filter).max(Comparator.comparing(Layout::mtime));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
