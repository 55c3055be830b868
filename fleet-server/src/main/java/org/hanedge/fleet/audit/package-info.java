/**
 * The audit log: every configuration change, publish and report, every alarm acknowledgement (and, as features
 * call {@link org.hanedge.fleet.audit.AuditLog}, commands), with actor, time, target gateway and outcome;
 * {@code GET /api/v1/audit} for operators.
 */
package org.hanedge.fleet.audit;
