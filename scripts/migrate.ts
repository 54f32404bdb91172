import { openConfiguredDatabase } from "@/db";

// Applies the migrations in drizzle/ to the configured database.
async function main() {
  const database = await openConfiguredDatabase();
  try {
    await database.migrate();
    console.log(
      `Migrations applied to ${database.kind} at ${database.location}`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: Error) => {
  console.error(`db:migrate failed: ${error.message}`);
  process.exit(1);
});
