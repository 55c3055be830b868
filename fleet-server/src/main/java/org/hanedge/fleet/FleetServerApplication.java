package org.hanedge.fleet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The HanEdge fleet server: registry, embedded MQTT broker, telemetry ingest and storage, KPIs, REST API. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FleetServerApplication {

    /** {@code --key=value} settings, and the launcher's short options ({@link LaunchArguments}, {@code --help}). */
    public static void main(String[] args) {
        String[] settings;
        try {
            settings = LaunchArguments.toSpring(args);
        } catch (IllegalArgumentException e) {
            System.err.print("hanedge: fleet-server: " + e.getMessage() + "\n" + LaunchArguments.USAGE);
            System.exit(2);
            return;
        }
        if (settings == null) {
            System.out.print(LaunchArguments.USAGE);
            return;
        }
        SpringApplication.run(FleetServerApplication.class, settings);
    }
}
