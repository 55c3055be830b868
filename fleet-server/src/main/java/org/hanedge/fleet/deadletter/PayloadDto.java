package org.hanedge.fleet.deadletter;

/**
 * What a dead letter kept of the message (operators and admins only: a payload is whatever a gateway sent).
 *
 * @param size     bytes received
 * @param complete whether all of them were kept (over 64 KiB, only the first 64 KiB are)
 * @param text     the kept bytes as text, when they are UTF-8 without control characters (JSON); else null
 * @param base64   the kept bytes, base64 (null when nothing was kept)
 */
public record PayloadDto(long id, int size, boolean complete, String text, String base64) {
}
