package org.hanedge.fleet.registry;

import java.util.List;

import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.sites.SitesCsv;
import org.hanedge.sites.SitesCsvException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Seeds the registry from {@code hanedge.fleet.sites-csv} on start; gateways already registered are left alone. */
@Component
@Order(0)
public class SiteSeeder implements ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SiteSeeder.class);

    private final FleetProperties properties;
    private final GatewayRegistry registry;

    public SiteSeeder(FleetProperties properties, GatewayRegistry registry) {
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.sitesCsv() == null) {
            return;
        }
        try {
            List<Site> sites = SitesCsv.read(properties.sitesCsv()).stream().map(Site::of).toList();
            int added = registry.register(sites);
            LOG.info("sites {}: {} gateways registered, {} already known", properties.sitesCsv(), added,
                    sites.size() - added);
        } catch (SitesCsvException e) {
            LOG.error("sites CSV not loaded: {}", e.getMessage());
        }
    }
}
