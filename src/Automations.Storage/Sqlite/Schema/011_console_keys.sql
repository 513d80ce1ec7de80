-- The console's cookie keys (ASP.NET Core data protection's key ring, one XML element per key): in the
-- store, so that every instance of a cluster, and every Functions instance, reads a cookie another made.
CREATE TABLE console_keys (
    name       TEXT NOT NULL PRIMARY KEY,
    xml        TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
