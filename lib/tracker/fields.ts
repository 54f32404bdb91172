import { z } from "zod";

/**
 * Tolerant building blocks for Tracker replies. Tracker varies key casing
 * between endpoints (firstname and firstName), sends flags as "y", "Yes" or
 * true, numbers as strings, and some strings double-encoded as UTF-8. Each
 * helper accepts those variants and yields one clean type.
 */

// Windows-1252 puts printable characters in 0x80-0x9F, where Latin-1 has
// control codes. Mojibake made through either code page maps back here.
const CP1252_BYTES = new Map<string, number>([
  ["€", 0x80],
  ["‚", 0x82],
  ["ƒ", 0x83],
  ["„", 0x84],
  ["…", 0x85],
  ["†", 0x86],
  ["‡", 0x87],
  ["ˆ", 0x88],
  ["‰", 0x89],
  ["Š", 0x8a],
  ["‹", 0x8b],
  ["Œ", 0x8c],
  ["Ž", 0x8e],
  ["‘", 0x91],
  ["’", 0x92],
  ["“", 0x93],
  ["”", 0x94],
  ["•", 0x95],
  ["–", 0x96],
  ["—", 0x97],
  ["˜", 0x98],
  ["™", 0x99],
  ["š", 0x9a],
  ["›", 0x9b],
  ["œ", 0x9c],
  ["ž", 0x9e],
  ["Ÿ", 0x9f],
]);

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function decodeOnce(text: string): string | undefined {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const mapped = code <= 0xff ? code : CP1252_BYTES.get(char);
    if (mapped === undefined) return undefined;
    bytes.push(mapped);
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/**
 * Repairs UTF-8 text that was decoded as Latin-1 or Windows-1252 and
 * stored again ("MÃ¼ller" becomes "Müller"), up to twice. Text that does
 * not decode cleanly as UTF-8 bytes, such as a genuine "Müller", is
 * returned unchanged.
 */
export function repairMojibake(text: string): string {
  let current = text;
  for (let round = 0; round < 2; round += 1) {
    // Plain ASCII cannot be mojibake; skip the work.
    if (!/[^\x00-\x7f]/.test(current)) return current;
    const decoded = decodeOnce(current);
    if (decoded === undefined || decoded === current) return current;
    current = decoded;
  }
  return current;
}

function lowerCaseKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return value;
  }
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const lower = key.toLowerCase();
    // First spelling wins when a reply has both firstName and firstname.
    if (!(lower in result) || result[lower] == null) result[lower] = entry;
  }
  return result;
}

/**
 * Builds an object schema whose keys match in any casing. Write the
 * shape's keys in lower case; the parsed object has those lower-case
 * keys.
 */
export function looseObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess(lowerCaseKeys, z.object(shape));
}

const blankToNull = (value: unknown) =>
  value === undefined || (typeof value === "string" && value.trim() === "")
    ? null
    : value;

/** A record id: a positive integer, also when sent as a numeric string. */
export const trackerId = z.preprocess(
  (value) =>
    typeof value === "string" && /^\s*\d+\s*$/.test(value)
      ? Number(value)
      : value,
  z.number().int().positive(),
);

/** Like trackerId but zero is allowed (Tracker uses 0 for "none"). */
export const trackerIdOrZero = z.preprocess(
  (value) =>
    typeof value === "string" && /^\s*\d+\s*$/.test(value)
      ? Number(value)
      : value,
  z.number().int().nonnegative(),
);

/**
 * Trims text, repairs mojibake and drops NUL characters, which Postgres
 * text and jsonb columns reject.
 */
function cleanText(text: string): string {
  return repairMojibake(text.replaceAll("\u0000", "").trim());
}

/** Optional text: cleaned, null when blank or absent. */
export const optionalText = z.preprocess(
  (value) => (typeof value === "number" ? String(value) : blankToNull(value)),
  z
    .string()
    .nullable()
    .transform((text) => (text === null ? null : cleanText(text) || null)),
);

/** Required non-blank text, cleaned like optionalText. */
export const requiredText = z
  .string()
  .transform(cleanText)
  .pipe(z.string().min(1));

const TRUE_FLAGS = new Set(["y", "yes", "true", "1", "t", "on"]);
const FALSE_FLAGS = new Set(["n", "no", "false", "0", "f", "off", ""]);

/** Yes/no flag sent as "y", "Yes", true, 1 and the like, or null. */
export const flag = z.preprocess((value) => {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") {
    const lower = value.trim().toLowerCase();
    if (TRUE_FLAGS.has(lower)) return true;
    if (FALSE_FLAGS.has(lower)) return false;
  }
  return value;
}, z.boolean().nullable());

/** Number that may arrive as a string ("12.50"), or null when blank. */
export const looseNumber = z.preprocess((value) => {
  const blank = blankToNull(value);
  if (typeof blank === "string") {
    const parsed = Number(blank.trim().replace(/,/g, ""));
    return Number.isFinite(parsed) ? parsed : blank;
  }
  return blank;
}, z.number().nullable());

/** A nested `{name}` object, or a bare string, reduced to the name. */
export const namedRef = z.preprocess(
  (value) =>
    typeof value === "string" || value === null || value === undefined
      ? { name: value ?? null }
      : value,
  looseObject({ name: optionalText.optional() }).transform(
    (ref) => ref.name ?? null,
  ),
);

// Keys Tracker and its clients have used for the list inside a page.
const LIST_KEYS = ["data", "items", "results", "records", "value"];

/**
 * The array inside a reply: the body itself when it is an array, or the
 * first array under a known wrapper key. Returns undefined when neither.
 */
export function extractList(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (body === null || typeof body !== "object") return undefined;
  const lower = lowerCaseKeys(body) as Record<string, unknown>;
  for (const key of LIST_KEYS) {
    const candidate = lower[key];
    if (Array.isArray(candidate)) return candidate;
  }
  // Any other wrapper ({documents: [...]}) counts when it is the only list.
  const lists = Object.values(lower).filter(Array.isArray);
  return lists.length === 1 ? lists[0] : undefined;
}

/** Reads a field of a raw row in any casing, for ids in log lines. */
export function rawField(row: unknown, ...names: string[]): unknown {
  if (row === null || typeof row !== "object") return undefined;
  const lower = lowerCaseKeys(row) as Record<string, unknown>;
  for (const name of names) {
    const value = lower[name.toLowerCase()];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/** Zod issues as one short line, for logs and error messages. */
export function summarizeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
    .join("; ");
}
