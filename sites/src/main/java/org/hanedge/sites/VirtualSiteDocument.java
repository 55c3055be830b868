package org.hanedge.sites;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The site document of a virtual gateway (docs/gateway-config.md, as JSON; docs/remote-config.md "Documents"): its id,
 * one device of its profile on the bus that fits the profile's kind, and the uplink to the fleet broker, never the
 * credential. The fleet server stores and pushes it as the gateway's own configuration (the demo seeds it as version 1,
 * {@code ./hanedge bench config-push} pushes over it), and it passes the gateway's site parser.
 *
 * <p>Buses: the fishing boat's and the waste truck's device is their GPS receiver, NMEA 0183 on a serial port at 4800
 * baud; every other profile's device is a Modbus TCP slave on the site's LAN (unit 1, port 502).
 */
public final class VirtualSiteDocument {
    /** Telemetry form of the virtual fleet's gateways (its default). */
    public static final String FORMAT = "senml+json";

    private VirtualSiteDocument() {
    }

    /**
     * @param gatewayId the gateway
     * @param profile   its device's profile id
     * @param deviceId  its device id
     * @param broker    the fleet broker's URI ({@code tcp://host:1883})
     * @return a new mutable document ({@code LinkedHashMap}s and lists, key order as in a site file)
     */
    public static Map<String, Object> of(String gatewayId, String profile, String deviceId, String broker) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("gateway", new LinkedHashMap<>(Map.of("id", gatewayId)));
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("id", deviceId);
        device.put("profile", profile);
        switch (profile) {
            case "fishing-boat", "waste-truck" -> {
                Map<String, Object> serial = new LinkedHashMap<>();
                serial.put("port", "/dev/ttyUSB0");
                serial.put("baud", 4800);
                serial.put("protocol", "nmea");
                device.put("serial", serial);
            }
            default -> {
                Map<String, Object> modbus = new LinkedHashMap<>();
                modbus.put("transport", "tcp");
                modbus.put("host", "192.168.10." + (10 + Math.floorMod(gatewayId.hashCode(), 200)));
                modbus.put("port", 502);
                modbus.put("unitId", 1);
                device.put("modbus", modbus);
            }
        }
        doc.put("devices", new java.util.ArrayList<>(List.of(device)));
        Map<String, Object> uplink = new LinkedHashMap<>();
        uplink.put("broker", broker);
        uplink.put("format", FORMAT);
        doc.put("uplink", uplink);
        return doc;
    }
}
