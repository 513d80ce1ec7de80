-- The checks due on pull requests that change automations: one row per repository and head commit, so
-- that a redelivered or repeated pull_request event finds the row there and makes no second check run.
-- A worker takes a row with a lease (available_at is the lease's deadline), as it takes a job.
CREATE TABLE definition_checks (
    id           TEXT NOT NULL PRIMARY KEY, -- {owner}/{name}@{head_sha}
    repository   TEXT NOT NULL,
    pull_number  INTEGER NOT NULL,
    head_sha     TEXT NOT NULL,
    base_sha     TEXT NOT NULL,
    delivery_id  TEXT NOT NULL,
    state        TEXT NOT NULL,             -- due, leased, done, failed
    available_at INTEGER NOT NULL,
    lease_token  TEXT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    outcome      TEXT,
    check_run_id INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE INDEX definition_checks_due ON definition_checks (state, available_at);
