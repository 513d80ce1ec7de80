-- Every delivery is recorded, refused ones included: the status is the delivery's outcome,
-- accepted | unmatched | ignored | rejected (signed, unreadable; was "malformed") | refused (not kept
-- beyond a cap; its body is never kept).
UPDATE deliveries SET status = 'rejected' WHERE status = 'malformed';
UPDATE deliveries SET status = 'unmatched' WHERE status = 'accepted' AND sessions = '[]';
-- The delivery a replay replays.
ALTER TABLE deliveries ADD COLUMN replay_of TEXT;
-- Listing by outcome, newest first (the index holds the rowid), and trimming the refused rows to their cap.
CREATE INDEX ix_deliveries_status ON deliveries (status);
-- GET /api/deliveries/{id} finds a delivery by its id alone.
CREATE INDEX ix_deliveries_delivery_id ON deliveries (delivery_id);
-- Refusals by source and reason, kept when the rows roll off.
CREATE TABLE delivery_refusals (
    source       TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    refusals     INTEGER NOT NULL,
    last_at      INTEGER NOT NULL,
    PRIMARY KEY (source, reason)
);
