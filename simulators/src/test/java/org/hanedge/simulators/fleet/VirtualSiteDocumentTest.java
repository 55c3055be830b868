package org.hanedge.simulators.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.hanedge.gateway.site.SiteDocumentCheck;
import org.hanedge.gateway.api.site.SiteRefusedException;
import org.hanedge.sites.VirtualSiteDocument;
import org.junit.jupiter.api.Test;

/** Every profile's virtual site document passes the gateway's site parser, the check the fleet server makes on PUT. */
class VirtualSiteDocumentTest {
    @Test
    void everyProfilesDocumentPassesTheSiteParser() throws Exception {
        for (String profile : List.of("lake", "pump-station", "intersection", "waste-truck", "fishing-boat")) {
            Map<String, Object> doc = VirtualSiteDocument.of("gw-" + profile + "-7", profile, profile + "-1",
                    "tcp://127.0.0.1:1883");
            SiteDocumentCheck.check("gw-" + profile + "-7", doc);
            assertEquals(List.of("gateway", "devices", "uplink"), List.copyOf(doc.keySet()));
        }
    }

    @Test
    void anotherGatewaysIdIsRefused() {
        Map<String, Object> doc = VirtualSiteDocument.of("gw-a", "lake", "lake-1", "tcp://127.0.0.1:1883");
        SiteRefusedException e = assertThrows(SiteRefusedException.class, () -> SiteDocumentCheck.check("gw-b", doc));
        assertEquals("gateway.id", e.problems().get(0).path());
    }
}
