-- The PostgreSQL schema's 018, kept in step: the last push to each branch that any instance heard of. One SQLite
-- instance shares its pushes with no other, so it keeps them in its process and this table stays empty.
CREATE TABLE branch_pushes (
    repository TEXT NOT NULL,
    branch     TEXT NOT NULL,
    number     INTEGER NOT NULL,
    PRIMARY KEY (repository, branch)
);
