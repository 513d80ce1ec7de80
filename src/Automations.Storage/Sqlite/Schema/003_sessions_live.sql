-- Live sessions: the agent's own session to resume, cost and tokens from the agent's reports, the
-- question it waits on, follow-up messages, heartbeats, and locks.
ALTER TABLE sessions ADD COLUMN agent TEXT;
ALTER TABLE sessions ADD COLUMN agent_session_id TEXT;
ALTER TABLE sessions ADD COLUMN repository_url TEXT;
ALTER TABLE sessions ADD COLUMN base TEXT;
ALTER TABLE sessions ADD COLUMN question TEXT;
ALTER TABLE sessions ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN turns INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN concurrency_key TEXT;
ALTER TABLE sessions ADD COLUMN heartbeat_at INTEGER;
ALTER TABLE sessions ADD COLUMN inbox_seq INTEGER NOT NULL DEFAULT 0;     -- seq of the newest message
ALTER TABLE sessions ADD COLUMN handled_seq INTEGER NOT NULL DEFAULT 0;   -- seq of the newest message a turn took
CREATE INDEX ix_sessions_status ON sessions (status, heartbeat_at);

-- A job whose session got a new message while it ran goes back to ready instead of done.
ALTER TABLE jobs ADD COLUMN rerun INTEGER NOT NULL DEFAULT 0;

-- Named locks held by a session: branch locks and concurrency slots run out with their lease;
-- concurrency keys are held until the session ends (expires_at far away, freed by a terminal status).
CREATE TABLE locks (
    key         TEXT    NOT NULL PRIMARY KEY,
    session_id  TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL
);
