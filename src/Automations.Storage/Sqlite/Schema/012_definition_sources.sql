-- Each connected repository's definitions as last loaded: the commit they were read at, when, and the
-- problem that kept the last good set in force (NULL when the load was clean). Every instance polls it and
-- reloads a repository whose commit differs from its own, so a cluster converges on one set.
CREATE TABLE definition_sources (
    repository TEXT NOT NULL PRIMARY KEY,
    branch     TEXT NOT NULL,
    commit_sha TEXT NOT NULL,
    loaded_at  INTEGER NOT NULL,
    error      TEXT
);
-- The repository, path and commit of the definition a session runs under (no repository or commit for the
-- local folder's definitions; all NULL for a session started without a definition).
ALTER TABLE sessions ADD COLUMN definition_repository TEXT;
ALTER TABLE sessions ADD COLUMN definition_path TEXT;
ALTER TABLE sessions ADD COLUMN definition_commit TEXT;
