-- Rows only matter for one rolling minute. Dropping them lets the new key
-- column be NOT NULL; right after the upgrade the budget undercounts at
-- most the previous minute's requests.
DELETE FROM "tracker_request_log";--> statement-breakpoint
ALTER TABLE "tracker_request_log" DROP CONSTRAINT "tracker_request_log_connection_id_tracker_connections_id_fk";
--> statement-breakpoint
DROP INDEX "tracker_request_log_connection_sent_idx";--> statement-breakpoint
ALTER TABLE "tracker_request_log" ADD COLUMN "budget_key" text NOT NULL;--> statement-breakpoint
CREATE INDEX "tracker_request_log_key_sent_idx" ON "tracker_request_log" USING btree ("budget_key","sent_at");--> statement-breakpoint
ALTER TABLE "tracker_request_log" DROP COLUMN "connection_id";