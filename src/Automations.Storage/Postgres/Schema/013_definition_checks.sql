-- The SQLite schema's 013 in PostgreSQL's dialect: the checks due on pull requests that change automations.
CREATE TABLE definition_checks (
    id           text COLLATE "C" NOT NULL PRIMARY KEY,
    repository   text    NOT NULL,
    pull_number  integer NOT NULL,
    head_sha     text    NOT NULL,
    base_sha     text    NOT NULL,
    delivery_id  text    NOT NULL,
    state        text    NOT NULL,
    available_at bigint  NOT NULL,
    lease_token  text,
    attempts     integer NOT NULL DEFAULT 0,
    outcome      text,
    check_run_id bigint,
    created_at   bigint  NOT NULL
);
CREATE INDEX definition_checks_due ON definition_checks (state, available_at);
