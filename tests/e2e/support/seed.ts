import type { Db } from "@/db";
import { ensureMember, ensureWorkspace, seedDemo } from "@/lib/demo/seed";

import { seedJourneyWorkspace } from "./journey-seed";
import { seedChannels } from "./seed-channels";
import { seedViewsWorkspace } from "./seed-views";

/** A second workspace, for checks that one workspace cannot reach another. */
export const OTHER_ADMIN = {
  email: "admin@other.test",
  name: "Olive Other",
  password: "relay-other-admin",
  role: "admin" as const,
};

export const RECRUITER = {
  email: "recruiter@demo.test",
  name: "Rae Recruiter",
  password: "relay-demo-recruiter",
  role: "recruiter" as const,
};

export async function seedE2e(db: Db) {
  const demo = await seedDemo(db);
  await ensureMember(db, demo.id, RECRUITER);
  const other = await ensureWorkspace(db, {
    name: "Other Agency",
    slug: "other",
  });
  await ensureMember(db, other.id, OTHER_ADMIN);
  await seedViewsWorkspace(db);
  await seedChannels(db);
  await seedJourneyWorkspace(db);
}
