package org.hanedge.gateway.api.profile;

/**
 * Byte order within a 16-bit register, or word order across the registers of a multi-register value.
 * Together they cover the four orders met in the field: ABCD (big/big), CDAB (big bytes, little words),
 * BADC (little bytes, big words) and DCBA (little/little).
 */
public enum Endian {
    BIG, LITTLE
}
