-- The delivery whose created event made the agent session, written before that delivery is stored: a prompt
-- (a stop at once) that reaches any instance before the session is linked finds the engine's session
-- through it, where before only the instance that took the created event could.
ALTER TABLE agent_session_links ADD COLUMN delivery_id TEXT;
