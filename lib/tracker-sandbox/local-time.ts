/**
 * Formats instants as Tracker does: wall-clock time in the database's
 * zone with no offset, "YYYY-MM-DD HH:MM:SS".
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError naming the zone when it is not a valid IANA zone. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new RangeError(
      `invalid time zone "${timeZone}"; use an IANA name such as ` +
        "America/Los_Angeles",
    );
  }
}

function localParts(epochMs: number, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    parts[part.type] = part.value;
  }
  return parts;
}

/** Formats as "YYYY-MM-DD HH:MM:SS" in the zone, with no offset. */
export function formatLocalDateTime(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Formats as "YYYY-MM-DDTHH:MM:SS" in the zone, with no offset. */
export function formatLocalIso(epochMs: number, timeZone: string): string {
  return formatLocalDateTime(epochMs, timeZone).replace(" ", "T");
}

/** Formats as "YYYY-MM-DD" in the zone. */
export function formatLocalDate(epochMs: number, timeZone: string): string {
  return formatLocalDateTime(epochMs, timeZone).slice(0, 10);
}
