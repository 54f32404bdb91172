/** An expected failure whose message is safe to show the user. */
export class ActionError extends Error {
  name = "ActionError";
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}
