-- Whether the session's agent ran in the engine's sandbox (1) or not (0); NULL until its first turn.
ALTER TABLE sessions ADD COLUMN sandboxed bigint;
-- The bytes of agent output the session has stored, against Automations:Worker:MaxSessionOutputBytes.
ALTER TABLE sessions ADD COLUMN output_bytes bigint NOT NULL DEFAULT 0;
