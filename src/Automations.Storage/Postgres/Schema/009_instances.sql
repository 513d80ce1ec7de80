-- The engine instances sharing this store: each registers itself at start and heartbeats; one silent
-- for three heartbeats is shown as gone, and removed after a day. roles is a comma-separated list of
-- worker, scheduler, api. A running job's lease_owner is '{instance id}:{worker number}'.
CREATE TABLE instances (
    id           text COLLATE "C" NOT NULL PRIMARY KEY,
    host         text    NOT NULL,
    pid          integer NOT NULL,
    roles        text    NOT NULL,
    concurrency  integer NOT NULL,
    started_at   bigint  NOT NULL,
    heartbeat_at bigint  NOT NULL
);
-- A dead job's available_at is when it died: the queue page lists the newest dead first.
CREATE INDEX ix_jobs_dead ON jobs (available_at) WHERE state = 'dead';
