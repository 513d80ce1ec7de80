-- The SQLite schema's 001 in PostgreSQL's dialect. Times are Unix milliseconds (UTC), from the
-- engine's clock as on SQLite. JSON columns hold text. Ids and keys compare byte by byte (COLLATE "C"),
-- as in SQLite: sessions list newest first by id, and schedules find their last slot by an id range.

CREATE TABLE deliveries (
    source       text COLLATE "C" NOT NULL,
    delivery_id  text COLLATE "C" NOT NULL,
    received_at  bigint  NOT NULL,
    status       text    NOT NULL,          -- accepted | ignored | malformed
    kind         text,
    error        text,
    headers      text    NOT NULL,
    body         bytea   NOT NULL,
    event        text,                      -- the normalized event without its payload: the payload is the body
    matched      text    NOT NULL,          -- JSON array of automation names
    sessions     text    NOT NULL,          -- JSON array of session ids: the first answer, kept for redeliveries
    arrival      bigint  GENERATED ALWAYS AS IDENTITY,   -- arrival order (SQLite's rowid)
    PRIMARY KEY (source, delivery_id)
);
CREATE INDEX ix_deliveries_arrival ON deliveries (arrival);

CREATE TABLE sessions (
    id           text COLLATE "C" NOT NULL PRIMARY KEY,
    automation   text COLLATE "C" NOT NULL,
    status       text    NOT NULL,
    activity     text,
    repository   text,
    branch       text,
    pr_number    bigint,
    pr_url       text,
    source       text    NOT NULL,
    kind         text    NOT NULL,
    delivery_id  text    NOT NULL,
    created_at   bigint  NOT NULL,
    updated_at   bigint  NOT NULL,
    error        text,
    last_seq     bigint  NOT NULL DEFAULT 0
);
-- Session ids are UUID v7, so id order is creation order and the primary key serves "newest first".
CREATE INDEX ix_sessions_automation ON sessions (automation, id);

CREATE TABLE session_events (
    session_id   text COLLATE "C" NOT NULL,
    seq          bigint  NOT NULL,
    at           bigint  NOT NULL,
    type         text    NOT NULL,
    data         text    NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- One job per session; the job's id is the session's id. A leased job's available_at is its lease's
-- deadline, so "ready, or leased with the lease run out" is one range on one index.
CREATE TABLE jobs (
    id           text COLLATE "C" NOT NULL PRIMARY KEY,
    automation   text    NOT NULL,
    source       text    NOT NULL,
    delivery_id  text    NOT NULL,
    state        text    NOT NULL,          -- ready | leased | done | dead
    attempts     integer NOT NULL DEFAULT 0,
    available_at bigint  NOT NULL,
    lease_owner  text,
    lease_token  text,
    last_error   text,
    created_at   bigint  NOT NULL
);
-- Only the jobs a worker may take, in the order it takes them: a lease reads the first unlocked entry.
CREATE INDEX ix_jobs_due ON jobs (available_at) WHERE state IN ('ready', 'leased');
