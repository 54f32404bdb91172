import { useCallback, useRef } from "react";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";

import type { ActionResult } from "./safe-action";

/**
 * Copies an action's field errors onto the form's fields and returns the
 * form-level message to show above them, or null on success.
 */
export function applyActionResult<Values extends FieldValues>(
  form: UseFormReturn<Values>,
  result: ActionResult<unknown>,
): string | null {
  if (result.ok) return null;
  for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
    const message = messages?.[0];
    if (message) form.setError(field as Path<Values>, { message });
  }
  return result.formError ?? "The request failed; try again.";
}

/**
 * Wraps an async handler so a second call while the first runs is dropped.
 * A disabled button alone does not stop a double-click that lands before
 * React re-renders; this ref does.
 */
export function useSingleFlight<Args extends unknown[], Result>(
  handler: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result | undefined> {
  const running = useRef(false);
  return useCallback(
    async (...args: Args) => {
      if (running.current) return undefined;
      running.current = true;
      try {
        return await handler(...args);
      } finally {
        running.current = false;
      }
    },
    [handler],
  );
}
