-- The SQLite schema's 011 in PostgreSQL's dialect: the console's cookie keys, shared by every instance.
CREATE TABLE console_keys (
    name       text COLLATE "C" NOT NULL PRIMARY KEY,
    xml        text   NOT NULL,
    created_at bigint NOT NULL
);
