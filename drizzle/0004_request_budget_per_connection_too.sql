ALTER TABLE "tracker_request_log" ADD COLUMN "connection_id" uuid;--> statement-breakpoint
CREATE INDEX "tracker_request_log_connection_sent_idx" ON "tracker_request_log" USING btree ("connection_id","sent_at");--> statement-breakpoint
DROP FUNCTION IF EXISTS "tracker_budget_take"(text, integer, integer);--> statement-breakpoint
-- As before, but a slot counts the requests of the token's key and, when a
-- connection is given, those of the connection under any earlier token.
-- Two callers whose counts overlap share the key or the connection, so the
-- function locks both: the key (class 72311) first, then the connection
-- (class 72312). Every caller takes them in that order, so no two callers
-- can wait on each other.
CREATE OR REPLACE FUNCTION "tracker_budget_take"(
	"p_budget_key" text,
	"p_connection_id" uuid,
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
	IF "p_connection_id" IS NOT NULL THEN
		PERFORM pg_advisory_xact_lock(72312, hashtext("p_connection_id"::text));
	END IF;
	"window_start" := clock_timestamp() - make_interval(secs => "p_window_ms" / 1000.0);
	SELECT count(*)::integer, min("sent_at") INTO "used", "oldest"
	FROM "tracker_request_log"
	WHERE "sent_at" > "window_start"
		AND ("budget_key" = "p_budget_key" OR "connection_id" = "p_connection_id");
	IF "used" >= "p_usable" THEN
		RETURN greatest(0, ceil(extract(epoch FROM ("oldest" - "window_start")) * 1000))::integer;
	END IF;
	INSERT INTO "tracker_request_log" ("budget_key", "connection_id", "sent_at")
	VALUES ("p_budget_key", "p_connection_id", clock_timestamp());
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
