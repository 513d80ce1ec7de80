-- The engine instances sharing this store: each registers itself at start and heartbeats; one silent
-- for three heartbeats is shown as gone, and removed after a day. roles is a comma-separated list of
-- worker, scheduler, api. A running job's lease_owner is '{instance id}:{worker number}'.
CREATE TABLE instances (
    id           TEXT    NOT NULL PRIMARY KEY,
    host         TEXT    NOT NULL,
    pid          INTEGER NOT NULL,
    roles        TEXT    NOT NULL,
    concurrency  INTEGER NOT NULL,
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
);
-- A dead job's available_at is when it died (ix_jobs_due serves the newest-dead-first listing).
