package org.hanedge.gateway.api.profile;

/**
 * Where a channel appears in the LwM2M object model (an IPSO object where one exists, for example 3303/0/5700 for a
 * temperature).
 */
public record Lwm2mMapping(int objectId, int instanceId, int resourceId) {
    @Override
    public String toString() {
        return objectId + "/" + instanceId + "/" + resourceId;
    }
}
