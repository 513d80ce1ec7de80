-- Automations that matched a delivery but whose actor rules refused it, with the reason for each.
ALTER TABLE deliveries ADD COLUMN refused text NOT NULL DEFAULT '[]';
