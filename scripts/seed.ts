import { openConfiguredDatabase } from "@/db";
import { DEMO_USERS, seedDemo } from "@/lib/demo/seed";

// Creates the demo workspace with an admin and a viewer, then prints how
// to sign in. Safe to run again: it resets the demo passwords.
async function main() {
  const database = await openConfiguredDatabase();
  try {
    await database.migrate();
    const workspace = await seedDemo(database.db);
    console.log(`Seeded workspace "${workspace.name}" on ${database.kind}.`);
    console.log("Sign in at http://localhost:3000/sign-in with:");
    for (const user of DEMO_USERS) {
      console.log(`  ${user.role.padEnd(6)} ${user.email} / ${user.password}`);
    }
  } finally {
    await database.close();
  }
}

main().catch((error: Error) => {
  console.error(`db:seed failed: ${error.message}`);
  process.exit(1);
});
