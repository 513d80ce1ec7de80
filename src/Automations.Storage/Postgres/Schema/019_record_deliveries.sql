-- A group of deliveries in one statement, so one round trip and one implicit commit (PostgresDeliveryGroup):
-- each delivery in order, and only if its insert was new, its sessions, their first status events and the
-- jobs of those not skipped. A duplicate (stored before, or earlier in the group) gets the first answer. A
-- session that skips while its key is held finds the holder among what the statements before it wrote,
-- sessions of this group included. Deliveries are the d_ arrays, sessions the s_ arrays (s_delivery names
-- each session's delivery, in the deliveries' order). One function, not one statement per delivery, because
-- PL/pgSQL plans each statement once per connection, where a statement of its own is planned every time.
CREATE OR REPLACE FUNCTION record_deliveries(
    d_source text[], d_id text[], d_received bigint[], d_status text[], d_kind text[], d_error text[],
    d_headers text[], d_body bytea[], d_event text[], d_matched text[], d_sessions text[], d_refused text[],
    d_replay_of text[], d_refusal text[], d_queued text[], d_owner text[], d_until bigint[],
    s_delivery integer[], s_id text[], s_automation text[], s_kind text[], s_repository text[], s_key text[],
    s_skip boolean[], s_definition_repository text[], s_definition_path text[], s_definition_commit text[],
    s_subject text[], s_trace text[], s_skip_error text[], s_skip_data text[],
    now_ms bigint, terminal text[], refused_cap bigint, jobs_channel text, jobs_prefix text)
RETURNS TABLE (ord integer, stored boolean, matched text, sessions text, skipped text[])
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    j integer := 1;
    session_count integer := coalesce(array_length(s_id, 1), 0);
    holder text;
    job_count integer := 0;
    refused_count integer := 0;
BEGIN
    FOR i IN 1 .. coalesce(array_length(d_id, 1), 0) LOOP
        ord := i;
        INSERT INTO deliveries (source, delivery_id, received_at, status, kind, error, headers, body, event, matched, sessions, refused, replay_of)
        VALUES (d_source[i], d_id[i], d_received[i], d_status[i], d_kind[i], d_error[i], d_headers[i], d_body[i], d_event[i],
                d_matched[i], d_sessions[i], d_refused[i], d_replay_of[i])
        ON CONFLICT (source, delivery_id) DO NOTHING;
        IF NOT FOUND THEN
            stored := false;
            skipped := NULL;
            SELECT x.matched, x.sessions INTO matched, sessions FROM deliveries x WHERE x.source = d_source[i] AND x.delivery_id = d_id[i];
            RETURN NEXT;
            WHILE j <= session_count AND s_delivery[j] = i LOOP
                j := j + 1;
            END LOOP;
            CONTINUE;
        END IF;

        IF d_refusal[i] IS NOT NULL THEN
            INSERT INTO delivery_refusals (source, reason, refusals, last_at) VALUES (d_source[i], d_refusal[i], 1, d_received[i])
            ON CONFLICT (source, reason) DO UPDATE SET refusals = delivery_refusals.refusals + 1, last_at = excluded.last_at;
            refused_count := refused_count + 1;
        END IF;

        stored := true;
        matched := NULL;
        sessions := NULL;
        skipped := '{}';
        WHILE j <= session_count AND s_delivery[j] = i LOOP
            holder := NULL;
            IF s_skip[j] THEN
                SELECT min(h.id) INTO holder FROM sessions h
                WHERE h.automation = s_automation[j] AND h.concurrency_key = s_key[j] AND h.status <> ALL (terminal);
            END IF;

            INSERT INTO sessions (id, automation, status, error, repository, source, kind, delivery_id, concurrency_key, created_at, updated_at, last_seq,
                                  definition_repository, definition_path, definition_commit, subject)
            VALUES (s_id[j], s_automation[j], CASE WHEN holder IS NULL THEN 'queued' ELSE 'terminated' END, s_skip_error[j] || holder,
                    s_repository[j], d_source[i], s_kind[j], d_id[i], s_key[j], now_ms, now_ms, 1,
                    s_definition_repository[j], s_definition_path[j], s_definition_commit[j], s_subject[j]);
            INSERT INTO session_events (session_id, seq, at, type, data)
            VALUES (s_id[j], 1, now_ms, 'status',
                    CASE WHEN holder IS NULL THEN d_queued[i] ELSE s_skip_data[j] || btrim(to_json(holder)::text, '"') || '"}' END);
            IF holder IS NOT NULL THEN
                skipped := skipped || s_id[j];
            ELSIF d_owner[i] IS NULL THEN
                INSERT INTO jobs (id, automation, source, delivery_id, state, attempts, available_at, created_at, trace_parent)
                VALUES (s_id[j], s_automation[j], d_source[i], d_id[i], 'ready', 0, now_ms, now_ms, s_trace[j]);
                job_count := job_count + 1;
            ELSE
                INSERT INTO jobs (id, automation, source, delivery_id, state, attempts, available_at, created_at, trace_parent, lease_owner)
                VALUES (s_id[j], s_automation[j], d_source[i], d_id[i], 'leased', 0, d_until[i], now_ms, s_trace[j], d_owner[i]);
            END IF;

            j := j + 1;
        END LOOP;

        RETURN NEXT;
    END LOOP;

    IF refused_count > 0 THEN
        DELETE FROM deliveries WHERE status = 'refused' AND arrival <=
            (SELECT x.arrival FROM deliveries x WHERE x.status = 'refused' ORDER BY x.arrival DESC LIMIT 1 OFFSET refused_cap);
    END IF;

    IF job_count > 0 THEN
        PERFORM pg_notify(jobs_channel, jobs_prefix || job_count);
    END IF;
END
$$;
