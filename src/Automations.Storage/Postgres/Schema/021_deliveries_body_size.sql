-- When set, body holds an LZ4 block of a body of this many bytes (DeliveryBody). PostgreSQL compresses bodies
-- itself (schema 020), so record_deliveries leaves it null; the column is here so that both stores read alike.
ALTER TABLE deliveries ADD COLUMN body_size bigint;
