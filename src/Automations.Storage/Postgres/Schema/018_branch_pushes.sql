-- The last push to each branch that any instance heard of (GitHub's push deliveries), numbered from one sequence.
-- An instance reads the sequence before it fetches a mirror: that fetch brings every push up to the number read,
-- and a branch whose number is higher may be behind, so the next session on it fetches. One row per branch pushed.
CREATE SEQUENCE branch_push_numbers;
CREATE TABLE branch_pushes (
    repository text COLLATE "C" NOT NULL,
    branch     text COLLATE "C" NOT NULL,
    number     bigint NOT NULL,
    PRIMARY KEY (repository, branch)
);
