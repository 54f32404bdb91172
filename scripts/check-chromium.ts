import { accessSync, constants } from "node:fs";

// Playwright cannot download its own browser here, so the tests drive the
// system Chromium. Fail early with the fix instead of deep inside a test.
const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

try {
  accessSync(path, constants.X_OK);
} catch {
  console.error(
    `No Chromium found at ${path}.\n` +
      "Install Debian's Chromium with:\n" +
      "  sudo apt-get update && sudo apt-get install -y chromium\n" +
      "or set CHROMIUM_PATH to the path of a Chromium or Chrome binary.",
  );
  process.exit(1);
}
