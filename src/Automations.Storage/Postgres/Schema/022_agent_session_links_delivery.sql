-- The SQLite schema's 022 in PostgreSQL's dialect: the delivery that made the agent session, so that any
-- instance can link a prompt that comes before the link.
ALTER TABLE agent_session_links ADD COLUMN delivery_id text COLLATE "C";
