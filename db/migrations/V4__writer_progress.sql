-- The last batch each writer (one per backend process) committed. It is updated in the same
-- transaction as the batch's rows, so after a failed commit whose outcome is unknown (the connection
-- broke after COMMIT was sent, e.g. while the database was being stopped) the writer can tell whether
-- the batch is in the database before it writes it again: exactly once instead of a duplicate.
CREATE TABLE writer_progress (
    writer_id  text        PRIMARY KEY,
    last_batch bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
