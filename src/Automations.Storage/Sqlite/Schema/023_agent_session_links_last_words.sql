-- 1 on a row made by an engine that notes each session's last word in the session's ledger once Linear has it
-- (linear_last_word). A starting engine says a last word a crash left unsaid only for these rows: the last words
-- of rows made before (NULL) were said without a note, and would be said twice.
ALTER TABLE agent_session_links ADD COLUMN last_words INTEGER;
-- The look through the agent sessions of the last day, every 10 minutes, reads only those.
CREATE INDEX agent_session_links_created ON agent_session_links (provider, created_at);
