-- The SQLite schema's 006 in PostgreSQL's dialect: the status is the delivery's outcome,
-- accepted | unmatched | ignored | rejected (was "malformed") | refused (capped; its body never kept).
UPDATE deliveries SET status = 'rejected' WHERE status = 'malformed';
UPDATE deliveries SET status = 'unmatched' WHERE status = 'accepted' AND sessions = '[]';
ALTER TABLE deliveries ADD COLUMN replay_of text COLLATE "C";
CREATE INDEX ix_deliveries_status ON deliveries (status, arrival);
CREATE INDEX ix_deliveries_delivery_id ON deliveries (delivery_id);
CREATE TABLE delivery_refusals (
    source       text COLLATE "C" NOT NULL,
    reason       text    NOT NULL,
    refusals     bigint  NOT NULL,
    last_at      bigint  NOT NULL,
    PRIMARY KEY (source, reason)
);
