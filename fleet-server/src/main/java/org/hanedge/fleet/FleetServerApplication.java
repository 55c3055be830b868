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

    public static void main(String[] args) {
        SpringApplication.run(FleetServerApplication.class, args);
    }
}
