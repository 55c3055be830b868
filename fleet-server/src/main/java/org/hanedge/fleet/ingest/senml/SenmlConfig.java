package org.hanedge.fleet.ingest.senml;

import org.hanedge.contract.senml.SenmlDecoder;
import org.hanedge.fleet.config.FleetProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The contract's SenML decoder, bounded by {@code hanedge.fleet.ingest.max-message-bytes}. */
@Configuration(proxyBeanMethods = false)
public class SenmlConfig {
    @Bean
    public SenmlDecoder senmlDecoder(FleetProperties properties) {
        return new SenmlDecoder(properties.ingest().maxMessageBytes());
    }
}
