-- Takes one slot of a request budget in a single statement, so each
-- Tracker request costs one round trip to the database instead of a
-- transaction of three. Returns -1 when the slot is granted and recorded,
-- otherwise the milliseconds until the oldest request leaves the window.
-- The advisory lock (class 72311, released when the statement's
-- transaction ends) keeps two callers from taking the last slot.
CREATE OR REPLACE FUNCTION "tracker_budget_take"(
	"p_budget_key" text,
	"p_usable" integer,
	"p_window_ms" integer
) RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
	"window_start" timestamptz;
	"used" integer;
	"oldest" timestamptz;
BEGIN
	PERFORM pg_advisory_xact_lock(72311, hashtext("p_budget_key"));
	"window_start" := clock_timestamp() - make_interval(secs => "p_window_ms" / 1000.0);
	SELECT count(*)::integer, min("sent_at") INTO "used", "oldest"
	FROM "tracker_request_log"
	WHERE "budget_key" = "p_budget_key" AND "sent_at" > "window_start";
	IF "used" >= "p_usable" THEN
		RETURN greatest(0, ceil(extract(epoch FROM ("oldest" - "window_start")) * 1000))::integer;
	END IF;
	INSERT INTO "tracker_request_log" ("budget_key", "sent_at")
	VALUES ("p_budget_key", clock_timestamp());
	-- Rows older than two windows can never count again, whatever their
	-- key. Pruning on about one grant in 25 keeps the table small without
	-- a delete on every request.
	IF random() < 0.04 THEN
		DELETE FROM "tracker_request_log"
		WHERE "sent_at" < clock_timestamp() - make_interval(secs => 2 * "p_window_ms" / 1000.0);
	END IF;
	RETURN -1;
END;
$$;
