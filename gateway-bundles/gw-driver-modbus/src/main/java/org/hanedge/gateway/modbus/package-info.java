/**
 * Modbus value encoding shared by the gateway's Modbus master and the simulators' slaves: how a profile's
 * {@link org.hanedge.gateway.api.profile.ModbusSource} maps engineering values to 16-bit registers.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hanedge.gateway.modbus;
