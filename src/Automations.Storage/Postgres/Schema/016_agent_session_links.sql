-- The SQLite schema's 016 in PostgreSQL's dialect: a provider's agent session and the engine's session behind it.
CREATE TABLE agent_session_links (
    provider        text COLLATE "C" NOT NULL,
    external_id     text COLLATE "C" NOT NULL,
    session_id      text COLLATE "C",
    acknowledged_at bigint,
    created_at      bigint NOT NULL,
    PRIMARY KEY (provider, external_id)
);
CREATE INDEX agent_session_links_session ON agent_session_links (session_id);
