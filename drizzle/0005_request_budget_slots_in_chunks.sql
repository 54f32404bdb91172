-- Takes up to "p_wanted" slots of a request budget in one statement, so a
-- client sending many requests pays one statement per chunk of slots
-- instead of one per request. Locks and counts exactly like
-- tracker_budget_take: the key (class 72311) first, then the connection
-- (class 72312), and a slot counts the key's rows and the connection's.
--
-- Each granted slot is one log row dated "p_hold_ms" ahead, the latest
-- moment the caller may still send its request. A row dated at the end of
-- its hold counts in this window at least as long as Tracker counts the
-- real request, and rows dated ahead already count for every caller.
--
-- Returns one row. When slots are granted: their number, wait_ms 0, the
-- date of their rows and the row ids, so the caller can delete the rows of
-- slots it did not use. When none is free: granted 0, the milliseconds
-- until the oldest counted row leaves the window (as tracker_budget_take
-- computes them), held_until null and an empty id array.
--
-- tracker_budget_take stays for processes still running the previous
-- release; both functions count the same rows.
CREATE OR REPLACE FUNCTION "tracker_budget_take_slots"(
	"p_budget_key" text,
	"p_connection_id" uuid,
	"p_usable" integer,
	"p_window_ms" integer,
	"p_wanted" integer,
	"p_hold_ms" integer
) RETURNS TABLE(
	"granted" integer,
	"wait_ms" integer,
	"held_until" timestamptz,
	"ids" bigint[]
)
LANGUAGE plpgsql
AS $$
DECLARE
	"window_start" timestamptz;
	"used" integer;
	"oldest" timestamptz;
BEGIN
	IF "p_wanted" IS NULL OR "p_wanted" < 1 THEN
		RAISE EXCEPTION 'p_wanted must be at least 1, got %', "p_wanted";
	END IF;
	IF "p_hold_ms" IS NULL OR "p_hold_ms" < 0 THEN
		RAISE EXCEPTION 'p_hold_ms must be 0 or more, got %', "p_hold_ms";
	END IF;
	PERFORM pg_advisory_xact_lock(72311, hashtext("p_budget_key"));
	IF "p_connection_id" IS NOT NULL THEN
		PERFORM pg_advisory_xact_lock(72312, hashtext("p_connection_id"::text));
	END IF;
	"window_start" := clock_timestamp() - make_interval(secs => "p_window_ms" / 1000.0);
	SELECT count(*)::integer, min("tracker_request_log"."sent_at") INTO "used", "oldest"
	FROM "tracker_request_log"
	WHERE "tracker_request_log"."sent_at" > "window_start"
		AND ("tracker_request_log"."budget_key" = "p_budget_key"
			OR "tracker_request_log"."connection_id" = "p_connection_id");
	IF "used" >= "p_usable" THEN
		"granted" := 0;
		"wait_ms" := greatest(0, ceil(extract(epoch FROM ("oldest" - "window_start")) * 1000))::integer;
		"held_until" := NULL;
		"ids" := '{}';
		RETURN NEXT;
		RETURN;
	END IF;
	"granted" := least("p_wanted", "p_usable" - "used");
	"wait_ms" := 0;
	"held_until" := clock_timestamp() + make_interval(secs => "p_hold_ms" / 1000.0);
	WITH "inserted" AS (
		INSERT INTO "tracker_request_log" ("budget_key", "connection_id", "sent_at")
		SELECT "p_budget_key", "p_connection_id", "held_until"
		FROM generate_series(1, "granted")
		RETURNING "tracker_request_log"."id"
	)
	SELECT array_agg("inserted"."id" ORDER BY "inserted"."id") INTO "ids"
	FROM "inserted";
	-- Rows older than two windows can never count again, whatever their
	-- key. Pruning on about one call in 25 keeps the table small without a
	-- delete on every call. Rows dated ahead are newer, so none is pruned
	-- while it still counts.
	IF random() < 0.04 THEN
		DELETE FROM "tracker_request_log"
		WHERE "tracker_request_log"."sent_at" < clock_timestamp() - make_interval(secs => 2 * "p_window_ms" / 1000.0);
	END IF;
	RETURN NEXT;
END;
$$;
