package org.hanedge.gateway.site;

import java.util.Map;

import org.hanedge.gateway.api.site.SiteRefusedException;
import org.hanedge.gateway.site.internal.PushedDocuments;

/**
 * Checks a site document meant to be pushed to a gateway (the {@code site} of a {@code config/desired} document,
 * docs/remote-config.md) before it leaves the server, with the parser and every rule of the gateway's site file
 * (docs/gateway-config.md). It is what {@link org.hanedge.gateway.api.site.SiteConfigurator#check} does on the
 * gateway, with the gateway's own site file stood in for by its id alone: the document must name that gateway, must
 * have an {@code uplink}, must not carry {@code uplink.username}, {@code uplink.password} or {@code uplink.tls} (the
 * credential stays on the gateway), and every field must pass the site file's rules. What only the gateway knows is
 * not checked here: its profiles (which profiles and versions it runs) and whether the devices answer.
 */
public final class SiteDocumentCheck {
    private SiteDocumentCheck() {
    }

    /**
     * @param gatewayId the gateway the document is for
     * @param document  the site document: maps, lists, strings, numbers, booleans (JSON read as
     *                  {@link org.hanedge.gateway.api.site.SiteConfigurator} describes)
     * @throws SiteRefusedException naming the field (in the site file's notation, e.g. {@code devices[0].modbus.unitId})
     *                              and what is wrong with it; the message never echoes a secret
     */
    public static void check(String gatewayId, Map<String, Object> document) throws SiteRefusedException {
        PushedDocuments.check(gatewayId, document);
    }
}
