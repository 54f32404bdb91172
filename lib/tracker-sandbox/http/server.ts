import { createServer, type Server } from "node:http";

import { getLogger } from "@/lib/logger";
import { handleApiRequest } from "@/lib/tracker-sandbox/http/api-handler";
import { handleControlRequest } from "@/lib/tracker-sandbox/http/control-handler";
import {
  notFoundProblem,
  writeReply,
} from "@/lib/tracker-sandbox/http/respond";
import type { SandboxState } from "@/lib/tracker-sandbox/state";

const log = getLogger("tracker-sandbox");

/** Creates the node:http server that routes `/api` and `/_sandbox` requests. */
export function createSandboxServer(state: SandboxState): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://sandbox.invalid");
    const path = url.pathname.toLowerCase();
    const handled =
      path === "/_sandbox" || path.startsWith("/_sandbox/")
        ? handleControlRequest(state, request, response, url)
        : path.startsWith("/api/")
          ? handleApiRequest(state, request, response, url.pathname)
          : Promise.resolve(writeReply(response, notFoundProblem()));
    handled.catch((error: unknown) => {
      log.error({ err: error, path: url.pathname }, "sandbox reply failed");
      if (!response.headersSent) {
        writeReply(response, { status: 500, text: "Internal sandbox error" });
      } else {
        response.destroy();
      }
    });
  });
}
