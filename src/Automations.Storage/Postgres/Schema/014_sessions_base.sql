-- A push to a base branch finds the sessions whose pull request is open against it, to check it for conflicts.
CREATE INDEX ix_sessions_base ON sessions (repository, base, status);
