-- The SQLite schema's 012 in PostgreSQL's dialect: each connected repository's loaded commit, and each
-- session's definition (repository, path, commit).
CREATE TABLE definition_sources (
    repository text COLLATE "C" NOT NULL PRIMARY KEY,
    branch     text   NOT NULL,
    commit_sha text   NOT NULL,
    loaded_at  bigint NOT NULL,
    error      text
);
ALTER TABLE sessions ADD COLUMN definition_repository text;
ALTER TABLE sessions ADD COLUMN definition_path text;
ALTER TABLE sessions ADD COLUMN definition_commit text;
