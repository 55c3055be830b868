-- The device profile library (org.hanedge.fleet.profile, docs/profiles.md "Library"): every version of every profile
-- the server knows, the YAML exactly as uploaded. Versions are immutable. Portable SQL (H2 and PostgreSQL); times are
-- BIGINT epoch milliseconds.
CREATE TABLE profile_version (
    profile_id  VARCHAR(64)     NOT NULL,
    version     VARCHAR(32)     NOT NULL,
    yaml        VARCHAR(200000) NOT NULL,   -- the text as uploaded (UTF-8)
    sha256      VARCHAR(64)     NOT NULL,   -- lower-case hex of the UTF-8 bytes of yaml
    uploader    VARCHAR(100)    NOT NULL,   -- an operator, or server for the checkout's profiles imported at start
    uploaded_at BIGINT          NOT NULL,
    note        VARCHAR(500),
    PRIMARY KEY (profile_id, version)
);
