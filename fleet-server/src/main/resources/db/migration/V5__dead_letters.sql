-- Dead letters an operator can act on (org.hanedge.fleet.deadletter): what a replay did, and indexes for the API's
-- filters (gateway, reason, time). A dead letter is replayed through the ingest path; the latest replay is kept.
ALTER TABLE dead_letter ADD COLUMN replayed_at BIGINT;            -- when it was last replayed (server time, ms)
ALTER TABLE dead_letter ADD COLUMN replay_outcome VARCHAR(16);    -- STORED, DUPLICATE, REFUSED, NOT_REPLAYABLE
ALTER TABLE dead_letter ADD COLUMN replay_detail VARCHAR(1000);   -- counts and the reason of what was still refused
CREATE INDEX dead_letter_gw_received ON dead_letter (gateway_id, received_at);
CREATE INDEX dead_letter_reason_received ON dead_letter (reason, received_at);
