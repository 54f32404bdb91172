import "server-only";

import { z } from "zod";

import { getDb, type Db } from "@/db";
import type { Role } from "@/db/schema";
import { getViewer, hasRole, type Viewer } from "@/lib/auth/session";
import { getLogger } from "@/lib/logger";

import { ActionError } from "./action-error";

/**
 * The one return contract of every server action: success with data, or a
 * form error and field errors that a react-hook-form form can show.
 */
export type ActionResult<T = null> =
  | { ok: true; data: T }
  | {
      ok: false;
      formError?: string;
      fieldErrors?: Record<string, string[]>;
    };

// Kept in its own module so plain service functions and their tests can
// throw it without loading the session code.
export { ActionError };

export type ActionContext = { viewer: Viewer; db: Db };

/**
 * Wraps a server action: checks the session, requires the role, validates
 * the input with the form's own zod schema, and hands the handler the
 * viewer whose workspaceId every query must be scoped to.
 */
export function createAction<Schema extends z.ZodType, Output>(
  options: { name: string; role: Role; schema: Schema },
  handler: (input: z.output<Schema>, context: ActionContext) => Promise<Output>,
): (input: z.input<Schema>) => Promise<ActionResult<Output>> {
  const log = getLogger(`action:${options.name}`);

  return async (input) => {
    const viewer = await getViewer();
    if (!viewer) {
      return { ok: false, formError: "Your session has ended. Sign in again." };
    }
    if (!hasRole(viewer.role, options.role)) {
      log.warn(
        { userId: viewer.userId, role: viewer.role },
        "action rejected: role too low",
      );
      return {
        ok: false,
        formError: `Only a workspace ${options.role} can do this; your role is ${viewer.role}.`,
      };
    }

    const parsed = options.schema.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        formError: "Some fields are invalid; fix them and try again.",
        fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<
          string,
          string[]
        >,
      };
    }

    try {
      const db = await getDb();
      const data = await handler(parsed.data, { viewer, db });
      return { ok: true, data };
    } catch (error) {
      if (error instanceof ActionError) {
        return {
          ok: false,
          formError: error.message,
          fieldErrors: error.fieldErrors,
        };
      }
      log.error(
        { err: error, userId: viewer.userId, workspaceId: viewer.workspaceId },
        "action failed",
      );
      return {
        ok: false,
        formError: "Something went wrong on our side; try again in a minute.",
      };
    }
  };
}
