-- Live sessions: the agent's own session to resume, cost and tokens from the agent's reports, the
-- question it waits on, follow-up messages, heartbeats, and locks.
ALTER TABLE sessions ADD COLUMN agent text;
ALTER TABLE sessions ADD COLUMN agent_session_id text;
ALTER TABLE sessions ADD COLUMN repository_url text;
ALTER TABLE sessions ADD COLUMN base text;
ALTER TABLE sessions ADD COLUMN question text;
ALTER TABLE sessions ADD COLUMN cost_usd double precision NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN input_tokens bigint NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN output_tokens bigint NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN turns bigint NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN concurrency_key text;
ALTER TABLE sessions ADD COLUMN heartbeat_at bigint;
ALTER TABLE sessions ADD COLUMN inbox_seq bigint NOT NULL DEFAULT 0;     -- seq of the newest message
ALTER TABLE sessions ADD COLUMN handled_seq bigint NOT NULL DEFAULT 0;   -- seq of the newest message a turn took
CREATE INDEX ix_sessions_status ON sessions (status, heartbeat_at);

-- A job whose session got a new message while it ran goes back to ready instead of done.
ALTER TABLE jobs ADD COLUMN rerun integer NOT NULL DEFAULT 0;

-- Named locks held by a session: branch locks and concurrency slots run out with their lease;
-- concurrency keys are held until the session ends (expires_at far away, freed by a terminal status).
CREATE TABLE locks (
    key         text COLLATE "C" NOT NULL PRIMARY KEY,
    session_id  text COLLATE "C" NOT NULL,
    expires_at  bigint  NOT NULL
);
