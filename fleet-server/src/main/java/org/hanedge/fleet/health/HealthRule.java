package org.hanedge.fleet.health;

import java.util.List;

/** One kind of alarm the server derives from what it knows of its gateways. */
interface HealthRule {
    Evaluation evaluate(List<GatewayState> gateways, long now);
}
