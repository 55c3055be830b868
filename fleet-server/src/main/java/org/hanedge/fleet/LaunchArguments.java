package org.hanedge.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of {@code ./hanedge fleet-server}: the launcher's short options as the Spring Boot settings they
 * stand for; {@code --key=value} settings pass as they are, a later one replacing an earlier one of the same key (the
 * launcher gives its defaults first: data in {@code run/fleet}, the checkout's device profiles).
 */
final class LaunchArguments {
    static final String USAGE = """
            usage: ./hanedge fleet-server [--http-port N] [--mqtt-port N] [--data DIR] [--sites CSV] [--demo] [--KEY=VALUE ...]
              Runs the fleet server: REST API and web UI on HTTP 8080, the embedded MQTT broker on 1883, data in
              run/fleet (docs/fleet-server.md).
              --http-port N   HTTP port (server.port)
              --mqtt-port N   MQTT port of the embedded broker (hanedge.fleet.mqtt.port)
              --data DIR      data directory: database, backups (hanedge.fleet.data-dir)
              --sites CSV     seed the site registry from a sites file, e.g. docs/demo/danang-sites.csv
              --demo          demo mode: accounts admin/admin, operator/operator, viewer/viewer (never in production)
              --KEY=VALUE     any other setting, e.g. --hanedge.fleet.mqtt.tls-port=8883
            ./hanedge fleet-server backup --help, ./hanedge fleet-server restore --help: online backup of the running
              server's database, and its restore with the server stopped
            """;

    private LaunchArguments() {
    }

    /**
     * The Spring Boot arguments for a command line; null for {@code --help}.
     *
     * @throws IllegalArgumentException naming an unknown option, a missing value or a sites file that is not there
     */
    static String[] toSpring(String... args) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--http-port" -> put(settings, "server.port", value(args, ++i, a));
                case "--mqtt-port" -> put(settings, "hanedge.fleet.mqtt.port", value(args, ++i, a));
                case "--data" -> put(settings, "hanedge.fleet.data-dir", value(args, ++i, a));
                case "--sites" -> {
                    Path csv = Path.of(value(args, ++i, a)).toAbsolutePath().normalize();
                    if (!Files.isRegularFile(csv)) {
                        throw new IllegalArgumentException("sites file " + args[i] + " not found");
                    }
                    put(settings, "hanedge.fleet.sites-csv", csv.toString());
                }
                case "--demo" -> put(settings, "hanedge.fleet.demo", "true");
                default -> {
                    int eq = a.indexOf('=');
                    if (!a.startsWith("--") || eq < 3) {
                        throw new IllegalArgumentException("unknown option '" + a + "'");
                    }
                    put(settings, a.substring(2, eq), a.substring(eq + 1));
                }
            }
        }
        return settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private static void put(Map<String, String> settings, String key, String value) {
        settings.remove(key); // Spring would join two values of one key with a comma
        settings.put(key, value);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
