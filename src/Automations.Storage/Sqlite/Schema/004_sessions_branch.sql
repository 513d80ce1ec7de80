-- A pull request's CI, reviews and merge find their session by its repository and branch.
CREATE INDEX ix_sessions_branch ON sessions (repository, branch, id);
