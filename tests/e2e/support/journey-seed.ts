import type { Db } from "@/db";
import { ensureMember, ensureWorkspace } from "@/lib/demo/seed";

/**
 * The workspace of the end-to-end journeys. It has its own Tracker
 * connection and mappings, so the admin specs that connect and disconnect
 * the demo workspace never pause or remap what a journey is waiting on.
 */
export const JOURNEY_WORKSPACE = { name: "Journey Agency", slug: "journey" };

export const JOURNEY_ADMIN = {
  email: "admin@journey.test",
  name: "Jo Journey-Admin",
  password: "relay-journey-admin",
  role: "admin" as const,
};

export async function seedJourneyWorkspace(db: Db) {
  const workspace = await ensureWorkspace(db, JOURNEY_WORKSPACE);
  await ensureMember(db, workspace.id, JOURNEY_ADMIN);
}
