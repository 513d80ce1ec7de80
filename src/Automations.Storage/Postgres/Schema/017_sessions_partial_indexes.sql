-- The SQLite schema's 017 in PostgreSQL's dialect (the same statements): indexes over values still empty when a
-- session is made hold only the sessions that have one; lookups ask for a value (= or IN), which implies it.
DROP INDEX ix_sessions_branch;
CREATE INDEX ix_sessions_branch ON sessions (repository, branch, id) WHERE branch IS NOT NULL;
DROP INDEX ix_sessions_base;
CREATE INDEX ix_sessions_base ON sessions (repository, base, status) WHERE base IS NOT NULL;
DROP INDEX ix_sessions_pr_number;
CREATE INDEX ix_sessions_pr_number ON sessions (repository, pr_number) WHERE pr_number IS NOT NULL;
DROP INDEX ix_sessions_merge_commit;
CREATE INDEX ix_sessions_merge_commit ON sessions (repository, merge_commit_sha) WHERE merge_commit_sha IS NOT NULL;
DROP INDEX ix_sessions_slack_thread;
CREATE INDEX ix_sessions_slack_thread ON sessions (slack_thread) WHERE slack_thread IS NOT NULL;
DROP INDEX ix_sessions_subject;
CREATE INDEX ix_sessions_subject ON sessions (subject, id) WHERE subject IS NOT NULL;
