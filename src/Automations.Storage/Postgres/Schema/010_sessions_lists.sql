-- The console's front page lists each status newest first and counts the sessions of the last hour, day
-- and week. Without these, each list scanned every session (100,000 in the console benchmark: 30 ms a
-- status) and each count too.
CREATE INDEX ix_sessions_status_id ON sessions (status, id);
CREATE INDEX ix_sessions_created ON sessions (created_at);
-- A session's events of one type, newest first (its latest statuses, its pull request's news), without
-- reading its output: the agent's output (token) is most of the events and is left out of the index, so
-- appending it costs nothing more. A query names "type <> 'token'" to use it.
CREATE INDEX ix_session_events_type ON session_events (session_id, type, seq) WHERE type <> 'token';
