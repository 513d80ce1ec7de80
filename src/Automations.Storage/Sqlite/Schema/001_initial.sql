-- Times are Unix milliseconds (UTC). JSON columns hold text.

CREATE TABLE deliveries (
    source       TEXT    NOT NULL,
    delivery_id  TEXT    NOT NULL,
    received_at  INTEGER NOT NULL,
    status       TEXT    NOT NULL,          -- accepted | ignored | malformed
    kind         TEXT,
    error        TEXT,
    headers      TEXT    NOT NULL,
    body         BLOB    NOT NULL,
    event        TEXT,                      -- the normalized event without its payload: the payload is the body
    matched      TEXT    NOT NULL,          -- JSON array of automation names
    sessions     TEXT    NOT NULL,          -- JSON array of session ids: the first answer, kept for redeliveries
    PRIMARY KEY (source, delivery_id)
);
-- Listed newest first by rowid, which is arrival order: no index to keep up on every delivery.

CREATE TABLE sessions (
    id           TEXT    NOT NULL PRIMARY KEY,
    automation   TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    activity     TEXT,
    repository   TEXT,
    branch       TEXT,
    pr_number    INTEGER,
    pr_url       TEXT,
    source       TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    delivery_id  TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    error        TEXT,
    last_seq     INTEGER NOT NULL DEFAULT 0
);
-- Session ids are UUID v7, so id order is creation order and the primary key serves "newest first".
CREATE INDEX ix_sessions_automation ON sessions (automation, id);

CREATE TABLE session_events (
    session_id   TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    type         TEXT    NOT NULL,
    data         TEXT    NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;

-- One job per session; the job's id is the session's id. A leased job's available_at is its lease's
-- deadline, so "ready, or leased with the lease run out" is one range on one index.
CREATE TABLE jobs (
    id           TEXT    NOT NULL PRIMARY KEY,
    automation   TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    delivery_id  TEXT    NOT NULL,
    state        TEXT    NOT NULL,          -- ready | leased | done | dead
    attempts     INTEGER NOT NULL DEFAULT 0,
    available_at INTEGER NOT NULL,
    lease_owner  TEXT,
    lease_token  TEXT,
    last_error   TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX ix_jobs_due ON jobs (state, available_at);
