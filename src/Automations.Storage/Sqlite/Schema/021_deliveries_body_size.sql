-- When set, body holds an LZ4 block of a body of this many bytes (DeliveryBody): SQLite then keeps a GitHub
-- delivery's row in one page instead of four. Null: body is stored as it came, as every row before this.
ALTER TABLE deliveries ADD COLUMN body_size INTEGER;
