-- JWTs move from each connection to one row per access token. Stored JWTs
-- are dropped, so each token is exchanged once more after the upgrade.
CREATE TABLE "tracker_sessions" (
	"token_key" text PRIMARY KEY NOT NULL,
	"jwt_encrypted" text,
	"jwt_expires_at" timestamp with time zone,
	"exchange_lock_holder" text,
	"exchange_lock_expires_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "tracker_connections" DROP COLUMN "jwt_encrypted";--> statement-breakpoint
ALTER TABLE "tracker_connections" DROP COLUMN "jwt_expires_at";--> statement-breakpoint
ALTER TABLE "tracker_connections" DROP COLUMN "exchange_lock_holder";--> statement-breakpoint
ALTER TABLE "tracker_connections" DROP COLUMN "exchange_lock_expires_at";