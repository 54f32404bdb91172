/**
 * Tracker returns datetimes in its database's local time with no offset
 * ("2026-03-08 02:30:00"). These helpers convert between that form and UTC
 * for a given IANA time zone, using Intl only.
 */

// "YYYY-MM-DD", optionally followed by " HH:MM", ":SS" and a fraction.
const LOCAL_PATTERN = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})` +
    String.raw`(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$`,
);

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type WallClock = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
};

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

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const field = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  return {
    year: field("year"),
    month: field("month"),
    day: field("day"),
    hour: field("hour"),
    minute: field("minute"),
    second: field("second"),
    millisecond: new Date(epochMs).getUTCMilliseconds(),
  };
}

function wallClockAsUtc(clock: WallClock): number {
  return Date.UTC(
    clock.year,
    clock.month - 1,
    clock.day,
    clock.hour,
    clock.minute,
    clock.second,
    clock.millisecond,
  );
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds. */
function offsetAt(epochMs: number, timeZone: string): number {
  return wallClockAsUtc(wallClockAt(epochMs, timeZone)) - epochMs;
}

function parseWallClock(local: string): WallClock | undefined {
  const match = LOCAL_PATTERN.exec(local.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const clock: WallClock = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: Math.floor(Number(`0.${fraction ?? "0"}`) * 1000),
  };
  // Date.UTC rolls 2026-02-30 over into March; reject it instead.
  const check = new Date(wallClockAsUtc(clock));
  const valid =
    check.getUTCFullYear() === clock.year &&
    check.getUTCMonth() === clock.month - 1 &&
    check.getUTCDate() === clock.day &&
    clock.hour < 24 &&
    clock.minute < 60 &&
    clock.second < 60;
  return valid ? clock : undefined;
}

/**
 * Converts Tracker local time in `timeZone` to a UTC Date. A time that
 * occurs twice (clocks turned back) resolves to the earlier instant. A time
 * skipped by clocks turned forward is moved forward by the gap, so 02:30 on
 * a spring-forward night becomes 03:30 local. Both rules match Temporal's
 * "compatible" disambiguation. Returns undefined for text that is not a
 * local date or datetime.
 */
export function localToUtc(local: string, timeZone: string): Date | undefined {
  const clock = parseWallClock(local);
  if (!clock) return undefined;
  const asUtc = wallClockAsUtc(clock);

  // Offsets a day either side bracket any single DST transition.
  const offsetBefore = offsetAt(asUtc - DAY_MS, timeZone);
  const offsetAfter = offsetAt(asUtc + DAY_MS, timeZone);
  const candidates = [asUtc - offsetBefore, asUtc - offsetAfter];
  const matching = candidates.filter(
    (instant) => wallClockAsUtc(wallClockAt(instant, timeZone)) === asUtc,
  );

  if (matching.length > 0) return new Date(Math.min(...matching));
  // In a gap, the offset from before the transition lands past the gap.
  return new Date(asUtc - offsetBefore);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Formats an instant as Tracker local time "YYYY-MM-DD HH:MM:SS". */
export function utcToLocal(date: Date, timeZone: string): string {
  const clock = wallClockAt(date.getTime(), timeZone);
  return (
    `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)} ` +
    `${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}`
  );
}

/**
 * Parses a timestamp that may carry its own offset ("...Z", "+02:00"); one
 * without is read as local time in `timeZone`.
 */
export function parseTrackerTimestamp(
  value: string,
  timeZone: string,
): Date | undefined {
  const trimmed = value.trim();
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) && /\d[T ]\d/.test(trimmed)) {
    const parsed = Date.parse(trimmed.replace(" ", "T"));
    return Number.isNaN(parsed) ? undefined : new Date(parsed);
  }
  return localToUtc(trimmed, timeZone);
}
