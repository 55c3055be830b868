-- Commands sent to gateways through the REST API (org.hanedge.fleet.command, issue 15): one row per command sent,
-- with the gateway's answer. Portable SQL (H2 and PostgreSQL); times are BIGINT epoch milliseconds.
CREATE TABLE gateway_command (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,       -- the command id (UUID) the gateway sees in cmd/write
    gateway_id    VARCHAR(64)   NOT NULL REFERENCES gateway (id) ON DELETE CASCADE,
    device        VARCHAR(64)   NOT NULL,
    channel       VARCHAR(64)   NOT NULL,
    write_value   VARCHAR(32)   NOT NULL,                   -- the value as JSON: true, false or a number
    operator      VARCHAR(128)  NOT NULL,                   -- who sent it (operator name or token:<name>)
    reason        VARCHAR(500),                             -- the operator's reason, if given
    sent_at       BIGINT        NOT NULL,
    status        VARCHAR(24)   NOT NULL,                   -- SENT (waiting), the gateway's status, TIMED_OUT, NOT_DELIVERED
    answer_reason VARCHAR(1000),                            -- the gateway's reason (interlock, error), or why not delivered
    answered_at   BIGINT,                                   -- when the server received the answer
    timed_out_at  BIGINT                                    -- when the server stopped waiting (the answer may come later)
);
CREATE INDEX gateway_command_gw_sent ON gateway_command (gateway_id, sent_at);
