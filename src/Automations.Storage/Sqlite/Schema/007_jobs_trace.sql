-- The W3C traceparent of the delivery's span that made the job: the job's span continues that trace.
ALTER TABLE jobs ADD COLUMN trace_parent TEXT;
