/**
 * Twilio's default opt-out and opt-in keywords for long codes, per its
 * support article "Twilio support for opt-out keywords (SMS STOP
 * filtering)". Like Twilio, only a one-word message counts, here ignoring
 * case and surrounding punctuation. Twilio also treats YES as opt-in; here
 * it counts only while the number is opted out, since YES is the usual
 * answer to a yes/no question. Twilio sends its own confirmation reply to
 * these keywords, so the app sends none.
 */
const OPT_OUT = new Set([
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
]);
const OPT_IN = new Set(["START", "UNSTOP"]);

export type SmsKeyword = "opt_out" | "opt_in" | "yes" | null;

export function readKeyword(body: string): SmsKeyword {
  const word = body
    .trim()
    .replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "")
    .toUpperCase();
  if (OPT_OUT.has(word)) return "opt_out";
  if (OPT_IN.has(word)) return "opt_in";
  if (word === "YES") return "yes";
  return null;
}
