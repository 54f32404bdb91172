ALTER TABLE "tracker_request_log" ADD COLUMN "slots" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- A chunk of budget slots becomes one log row that counts "slots"
-- requests, so the count a budget statement makes grows with the number
-- of statements in the window, not with the number of requests. Slots
-- given back lower the row's "slots". A row at 0 counts nothing.
--
-- Every budget function now locks and counts through this one: the key
-- (class 72311) first, then the connection (class 72312), and a slot
-- counts the key's rows and the connection's. "oldest" is the date of
-- the oldest row still counting, null when none does.
CREATE OR REPLACE FUNCTION "tracker_budget_lock_and_count"(
	"p_budget_key" text,
	"p_connection_id" uuid,
	"p_window_ms" integer,
	OUT "used" integer,
	OUT "window_start" timestamptz,
	OUT "oldest" timestamptz
)
LANGUAGE plpgsql
AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(72311, hashtext("p_budget_key"));
	IF "p_connection_id" IS NOT NULL THEN
		PERFORM pg_advisory_xact_lock(72312, hashtext("p_connection_id"::text));
	END IF;
	"window_start" := clock_timestamp() - make_interval(secs => "p_window_ms" / 1000.0);
	SELECT coalesce(sum("tracker_request_log"."slots"), 0)::integer,
		min("tracker_request_log"."sent_at")
	INTO "used", "oldest"
	FROM "tracker_request_log"
	WHERE "tracker_request_log"."sent_at" > "window_start"
		AND "tracker_request_log"."slots" > 0
		AND ("tracker_request_log"."budget_key" = "p_budget_key"
			OR "tracker_request_log"."connection_id" = "p_connection_id");
END;
$$;
--> statement-breakpoint
-- Rows older than two windows can never count again, whatever their key.
-- Called on about one grant in 25, which keeps the table small without a
-- delete on every call. Rows dated ahead are newer, so none is pruned
-- while it still counts.
CREATE OR REPLACE FUNCTION "tracker_budget_prune"("p_window_ms" integer)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
	IF random() < 0.04 THEN
		DELETE FROM "tracker_request_log"
		WHERE "tracker_request_log"."sent_at" < clock_timestamp() - make_interval(secs => 2 * "p_window_ms" / 1000.0);
	END IF;
END;
$$;
--> statement-breakpoint
-- Takes up to "p_wanted" slots in one statement and records them as one
-- row dated "p_hold_ms" ahead, the latest moment the caller may still send
-- a request on them (with "p_hold_ms" 0, the row is dated now). Returns
-- one row: the slots granted, wait_ms 0, the row's date and its id. When
-- no slot is free: granted 0, the milliseconds until the oldest counted
-- row leaves the window, and nulls.
--
-- "p_settle_id", when not null, is the caller's previous chunk, whose
-- slots are all used or expired. Its row first keeps at most
-- "p_settle_used" slots and is dated now, when its last request has been
-- sent, so its used slots stop counting a window after their use instead
-- of a window after the end of their hold. Settling twice changes nothing
-- more, so a caller that lost the reply may send it again.
CREATE OR REPLACE FUNCTION "tracker_budget_take_chunk"(
	"p_budget_key" text,
	"p_connection_id" uuid,
	"p_usable" integer,
	"p_window_ms" integer,
	"p_wanted" integer,
	"p_hold_ms" integer,
	"p_settle_id" bigint,
	"p_settle_used" integer
) RETURNS TABLE(
	"granted" integer,
	"wait_ms" integer,
	"held_until" timestamptz,
	"row_id" bigint
)
LANGUAGE plpgsql
AS $$
DECLARE
	"counted" record;
BEGIN
	IF "p_wanted" IS NULL OR "p_wanted" < 1 THEN
		RAISE EXCEPTION 'p_wanted must be at least 1, got %', "p_wanted";
	END IF;
	IF "p_hold_ms" IS NULL OR "p_hold_ms" < 0 THEN
		RAISE EXCEPTION 'p_hold_ms must be 0 or more, got %', "p_hold_ms";
	END IF;
	-- Lowering a row's slots or date only frees what is truly free, so it
	-- needs no lock.
	IF "p_settle_id" IS NOT NULL THEN
		UPDATE "tracker_request_log"
		SET "slots" = least("tracker_request_log"."slots", greatest(0, coalesce("p_settle_used", 0))),
			"sent_at" = least("tracker_request_log"."sent_at", clock_timestamp())
		WHERE "tracker_request_log"."id" = "p_settle_id"
			AND "tracker_request_log"."budget_key" = "p_budget_key";
	END IF;
	SELECT * INTO "counted"
	FROM tracker_budget_lock_and_count("p_budget_key", "p_connection_id", "p_window_ms");
	IF "counted"."used" >= "p_usable" THEN
		"granted" := 0;
		"wait_ms" := greatest(0, ceil(extract(epoch FROM ("counted"."oldest" - "counted"."window_start")) * 1000))::integer;
		"held_until" := NULL;
		"row_id" := NULL;
		RETURN NEXT;
		RETURN;
	END IF;
	"granted" := least("p_wanted", "p_usable" - "counted"."used");
	"wait_ms" := 0;
	"held_until" := clock_timestamp() + make_interval(secs => "p_hold_ms" / 1000.0);
	INSERT INTO "tracker_request_log" ("budget_key", "connection_id", "sent_at", "slots")
	VALUES ("p_budget_key", "p_connection_id", "held_until", "granted")
	RETURNING "tracker_request_log"."id" INTO "row_id";
	PERFORM tracker_budget_prune("p_window_ms");
	RETURN NEXT;
END;
$$;
--> statement-breakpoint
-- The two earlier functions stay for processes still running an earlier
-- release. They now count rows by their slots, as above, and write one
-- row per slot as before.
CREATE OR REPLACE FUNCTION "tracker_budget_take"(
	"p_budget_key" text,
	"p_connection_id" uuid,
	"p_usable" integer,
	"p_window_ms" integer
) RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
	"counted" record;
BEGIN
	SELECT * INTO "counted"
	FROM tracker_budget_lock_and_count("p_budget_key", "p_connection_id", "p_window_ms");
	IF "counted"."used" >= "p_usable" THEN
		RETURN greatest(0, ceil(extract(epoch FROM ("counted"."oldest" - "counted"."window_start")) * 1000))::integer;
	END IF;
	INSERT INTO "tracker_request_log" ("budget_key", "connection_id", "sent_at")
	VALUES ("p_budget_key", "p_connection_id", clock_timestamp());
	PERFORM tracker_budget_prune("p_window_ms");
	RETURN -1;
END;
$$;
--> statement-breakpoint
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
	"chunk" record;
BEGIN
	-- Takes the slots as one chunk, then splits its row into one row per
	-- slot, which is what a caller of this function deletes by id.
	SELECT * INTO "chunk"
	FROM tracker_budget_take_chunk("p_budget_key", "p_connection_id", "p_usable",
		"p_window_ms", "p_wanted", "p_hold_ms", NULL, NULL);
	"granted" := "chunk"."granted";
	"wait_ms" := "chunk"."wait_ms";
	"held_until" := "chunk"."held_until";
	IF "chunk"."row_id" IS NULL THEN
		"ids" := '{}';
		RETURN NEXT;
		RETURN;
	END IF;
	UPDATE "tracker_request_log" SET "slots" = 1
	WHERE "tracker_request_log"."id" = "chunk"."row_id";
	WITH "inserted" AS (
		INSERT INTO "tracker_request_log" ("budget_key", "connection_id", "sent_at")
		SELECT "p_budget_key", "p_connection_id", "chunk"."held_until"
		FROM generate_series(2, "chunk"."granted")
		RETURNING "tracker_request_log"."id"
	)
	SELECT array_agg("all_ids"."id" ORDER BY "all_ids"."id") INTO "ids"
	FROM (SELECT "chunk"."row_id" AS "id" UNION ALL SELECT "inserted"."id" FROM "inserted") AS "all_ids";
	RETURN NEXT;
END;
$$;
