-- A provider's agent session (Linear's AgentSession) and the engine's session that does its work: the prompts,
-- the stop signal and the activities go between the two through this row. acknowledged_at is set once the
-- provider has been told the work started (Linear's first thought), so a redelivery or a second instance says
-- it no second time.
CREATE TABLE agent_session_links (
    provider        TEXT NOT NULL,
    external_id     TEXT NOT NULL,
    session_id      TEXT,
    acknowledged_at INTEGER,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (provider, external_id)
);
CREATE INDEX agent_session_links_session ON agent_session_links (session_id);
