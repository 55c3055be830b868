package org.hanedge.gateway.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.site.SiteProblem;
import org.hanedge.gateway.api.site.SiteRefusedException;
import org.junit.jupiter.api.Test;

/** The exported check: a pushed document as the gateway's own parser sees it, off the gateway. */
class SiteDocumentCheckTest {
    private static final String GW = "gw-lake-thac-gian";

    /** The example of docs/remote-config.md, as JSON reads it. */
    private static Map<String, Object> document() {
        Map<String, Object> modbus = new LinkedHashMap<>(Map.of("transport", "tcp", "host", "192.168.10.20",
                "port", 502, "unitId", 1));
        Map<String, Object> device = new LinkedHashMap<>(Map.of("id", "lake-sonde", "profile", "lake",
                "modbus", modbus));
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("gateway", new LinkedHashMap<>(Map.of("id", GW)));
        site.put("profiles", "profiles");
        site.put("devices", new ArrayList<>(List.of(device)));
        site.put("uplink", new LinkedHashMap<>(Map.of("broker", "ssl://fleet.danang.example:8883",
                "format", "senml+cbor")));
        site.put("outbox", Map.of("maxSize", "256MiB"));
        site.put("rules", Map.of("deadbands", Map.of("lake-sonde/ph", 0.05)));
        site.put("remoteConfig", Map.of("healthWindow", "60s"));
        return site;
    }

    private static SiteProblem refused(Map<String, Object> doc) {
        SiteRefusedException e = assertThrows(SiteRefusedException.class, () -> SiteDocumentCheck.check(GW, doc));
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().startsWith("configuration for " + GW + ": "), e.getMessage());
        return e.problems().get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> device0(Map<String, Object> doc) {
        return (Map<String, Object>) ((List<Object>) doc.get("devices")).get(0);
    }

    @Test
    void acceptsTheDocumentedExample() throws Exception {
        SiteDocumentCheck.check(GW, document());
    }

    @Test
    void refusesABadFieldByItsPath() {
        Map<String, Object> doc = document();
        map(device0(doc).get("modbus")).put("unitId", 300);
        SiteProblem p = refused(doc);
        assertEquals("devices[0].modbus.unitId", p.path());
        assertTrue(p.message().contains("300"), p.message());
    }

    @Test
    void refusesAnUnknownKeyInsideTheSite() {
        Map<String, Object> doc = document();
        doc.put("colour", "blue");
        assertEquals("colour", refused(doc).path());
    }

    @Test
    void refusesTheCredentialByNameWithoutEchoingIt() {
        Map<String, Object> doc = document();
        map(doc.get("uplink")).put("password", "s3cret-never-echoed");
        SiteProblem p = refused(doc);
        assertEquals("uplink.password", p.path());
        assertFalse(p.message().contains("s3cret"), p.message());
        Map<String, Object> tls = document();
        map(tls.get("uplink")).put("tls", Map.of("ca", "ca.pem"));
        assertEquals("uplink.tls", refused(tls).path());
        Map<String, Object> user = document();
        map(user.get("uplink")).put("username", GW);
        assertEquals("uplink.username", refused(user).path());
    }

    @Test
    void refusesAnotherGatewaysIdAMissingIdAndAMissingUplink() {
        Map<String, Object> other = document();
        other.put("gateway", Map.of("id", "gw-other"));
        assertEquals("gateway.id", refused(other).path());
        Map<String, Object> none = document();
        none.remove("gateway");
        assertEquals("gateway", refused(none).path());
        Map<String, Object> noUplink = document();
        noUplink.remove("uplink");
        assertEquals("uplink", refused(noUplink).path());
    }

    @Test
    void refusesADeadbandOfADeviceTheSiteDoesNotHave() {
        Map<String, Object> doc = document();
        doc.put("rules", Map.of("deadbands", Map.of("pump-9/level", 0.1)));
        SiteProblem p = refused(doc);
        assertEquals("rules.deadbands.pump-9/level", p.path());
        assertTrue(p.message().contains("pump-9"), p.message());
    }

    @Test
    void leavesTheCallersDocumentAsItWas() throws Exception {
        Map<String, Object> doc = document();
        String before = doc.toString();
        SiteDocumentCheck.check(GW, doc);
        assertEquals(before, doc.toString());
    }
}
