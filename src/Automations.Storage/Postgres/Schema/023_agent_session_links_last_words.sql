-- The SQLite schema's 023 in PostgreSQL's dialect: 1 on a row whose sessions note their last words, so that a
-- starting engine says only those a crash left unsaid, and none of the rows made before.
ALTER TABLE agent_session_links ADD COLUMN last_words smallint;
CREATE INDEX agent_session_links_created ON agent_session_links (provider, created_at);
