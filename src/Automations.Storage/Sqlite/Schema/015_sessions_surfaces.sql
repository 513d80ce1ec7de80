-- Where people steer a session from: a comment on the GitHub issue or pull request that started it
-- ("owner/name#number"), and a reply or a button in its Slack thread ("channel/ts").
ALTER TABLE sessions ADD COLUMN subject TEXT;
ALTER TABLE sessions ADD COLUMN slack_thread TEXT;
CREATE INDEX ix_sessions_subject ON sessions (subject, id);
CREATE INDEX ix_sessions_slack_thread ON sessions (slack_thread);
