-- A delivery's body (a GitHub one is about 12 KB of JSON) is stored compressed, out of line. PostgreSQL's own
-- compression, pglz, cost about 17% of the CPU of a delivery at full ingest on 2 cores; lz4 is several times
-- faster at a similar size. Bodies already stored stay as they are until rewritten. A server built without
-- lz4 (or older than PostgreSQL 14) keeps pglz: EXECUTE puts off reading the statement until it runs here.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE deliveries ALTER COLUMN body SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR syntax_error THEN
    RAISE NOTICE 'deliveries.body keeps the default compression: %', SQLERRM;
END
$$;
