package org.hanedge.fleet.credential;

/** A credential was asked for a gateway that is not registered. */
public class UnknownGatewayException extends RuntimeException {
    private final String gatewayId;

    public UnknownGatewayException(String gatewayId) {
        super("gateway '" + gatewayId + "' does not exist");
        this.gatewayId = gatewayId;
    }

    public String gatewayId() {
        return gatewayId;
    }
}
