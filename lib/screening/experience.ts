/**
 * Reads dated roles from resume lines ("Jan 2019 - Present", "2017–2020",
 * "03/2018 to 06/2021") and turns them into years of experience. Months are
 * counted as indexes (year * 12 + month) in half-open intervals, so
 * overlapping roles are merged and never counted twice.
 */

export type DatedRole = {
  // Index of the first line of the role (its title) and of its last line.
  firstLine: number;
  lastLine: number;
  dateLine: number;
  startMonth: number;
  endMonth: number;
};

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

const MONTH_NAME = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const YEAR = String.raw`(?:19[5-9]\d|20\d\d)`;
const DATE = String.raw`(?:${MONTH_NAME},?\s*${YEAR}|\d{1,2}\s*[/.-]\s*${YEAR}|${YEAR})`;
const PRESENT = String.raw`(?:present|current(?:ly)?|now|today|ongoing|date)`;
const SEPARATOR = String.raw`\s*(?:[-–—~]|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*`;

const RANGE = new RegExp(
  String.raw`(?<![\d/.])(${DATE})${SEPARATOR}(${DATE}|${PRESENT})(?![\d])`,
  "iu",
);

type ParsedDate = { month: number; yearOnly: boolean } | "present";

function parseDate(text: string): ParsedDate | null {
  const value = text.trim().toLowerCase();
  if (new RegExp(`^${PRESENT}$`, "iu").test(value)) return "present";

  const year = Number(value.match(/(\d{4})$/)?.[1]);
  if (!Number.isFinite(year)) return null;

  const name = value.match(/^([a-z]{3})/)?.[1];
  if (name && name in MONTHS) {
    return { month: year * 12 + (MONTHS[name] ?? 0), yearOnly: false };
  }

  const numeric = value.match(/^(\d{1,2})\s*[/.-]/)?.[1];
  if (numeric) {
    const month = Number(numeric);
    if (month < 1 || month > 12) return null;
    return { month: year * 12 + month - 1, yearOnly: false };
  }

  return { month: year * 12, yearOnly: true };
}

/** Returns the month index of a date, in UTC. */
export function toMonthIndex(date: Date): number {
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/**
 * Parses one date range into a half-open month interval. A month-precise
 * end counts its own month ("Jan - Dec 2019" is 12 months). A year-only end
 * is read as the start of that year ("2017–2020" is 3 years) unless the
 * range starts in the same year, which then counts as that whole year.
 */
export function parseDateRange(
  line: string,
  referenceDate: Date,
): { startMonth: number; endMonth: number; text: string } | null {
  const match = line.match(RANGE);
  if (!match?.[1] || !match[2]) return null;

  const start = parseDate(match[1]);
  const end = parseDate(match[2]);
  if (!start || start === "present" || !end) return null;

  const referenceEnd = toMonthIndex(referenceDate) + 1;
  let endMonth: number;
  if (end === "present") {
    endMonth = referenceEnd;
  } else if (!end.yearOnly) {
    endMonth = end.month + 1;
  } else if (start.yearOnly && end.month === start.month) {
    endMonth = end.month + 12;
  } else {
    endMonth = end.month;
  }

  // Dates after the reference date are plans, not experience.
  endMonth = Math.min(endMonth, referenceEnd);
  if (endMonth <= start.month) return null;
  return { startMonth: start.month, endMonth, text: match[0] };
}

const KNOWN_HEADERS =
  /^(professional |work |employment |relevant )?(summary|profile|experience|employment|history|education|skills|technical skills|projects|certifications?|awards|publications|languages|interests|references|volunteering|training)\b/i;
const EDUCATION_HEADERS = /\b(education|academic|certifications?|training)\b/i;

/** Returns true when a line is a section heading such as "WORK EXPERIENCE". */
export function isSectionHeader(line: string): boolean {
  const text = line.trim().replace(/:$/, "");
  if (text.length < 4 || text.length > 40 || /\d/.test(text)) return false;
  if (KNOWN_HEADERS.test(text) && text.split(/\s+/).length <= 4) return true;
  const letters = text.replace(/[^\p{L}]/gu, "");
  return letters.length >= 4 && letters === letters.toUpperCase();
}

/**
 * Finds the dated roles in a resume's lines. Ranges under an education or
 * certification heading are left out. A role starts at its title, which is
 * the date line itself when it carries other words, else the line above.
 */
export function findDatedRoles(
  lines: readonly string[],
  referenceDate: Date,
): DatedRole[] {
  const found: Omit<DatedRole, "lastLine">[] = [];
  const sectionEnds: number[] = [];
  let inEducation = false;

  lines.forEach((line, index) => {
    if (isSectionHeader(line)) {
      inEducation = EDUCATION_HEADERS.test(line);
      sectionEnds.push(index - 1);
      return;
    }
    if (inEducation) return;

    const range = parseDateRange(line, referenceDate);
    if (!range) return;

    const rest = line.replace(range.text, "").replace(/\(.*?\)/g, "");
    const hasTitle = /\p{L}{3,}/u.test(rest);
    const above = index - 1;
    const titleAbove =
      !hasTitle &&
      above >= 0 &&
      !isSectionHeader(lines[above] ?? "") &&
      !found.some((role) => role.dateLine === above);

    found.push({
      firstLine: titleAbove ? above : index,
      dateLine: index,
      startMonth: range.startMonth,
      endMonth: range.endMonth,
    });
  });

  return found.map((role, position) => {
    const nextRole = found[position + 1]?.firstLine ?? lines.length;
    const nextSection = sectionEnds.find((end) => end >= role.dateLine);
    const lastLine = Math.min(nextRole - 1, nextSection ?? lines.length - 1);
    return { ...role, lastLine: Math.max(lastLine, role.dateLine) };
  });
}

/** Adds up the months of the roles, counting overlapping months once. */
export function countMergedMonths(roles: readonly DatedRole[]): number {
  const sorted = [...roles].sort((a, b) => a.startMonth - b.startMonth);
  let total = 0;
  let currentStart = -1;
  let currentEnd = -1;

  for (const role of sorted) {
    if (role.startMonth > currentEnd) {
      total += currentEnd - currentStart;
      currentStart = role.startMonth;
      currentEnd = role.endMonth;
    } else {
      currentEnd = Math.max(currentEnd, role.endMonth);
    }
  }
  return total + (currentEnd - currentStart);
}

/** Converts months to years, rounded to one decimal place. */
export function monthsToYears(months: number): number {
  return Math.round((months / 12) * 10) / 10;
}

const STATED_YEARS = /(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)\b/gi;

/** Reads a stated figure such as "6+ years of experience" from a line. */
export function readStatedYears(line: string): number | null {
  const value = [...line.matchAll(STATED_YEARS)][0]?.[1];
  return value === undefined ? null : Number(value);
}

/**
 * Splits a line at each stated figure of years, pairing the figure with
 * the words up to the next one: "5+ years of frontend work, 3 years of
 * React" gives 5 with "frontend work" and 3 with "React".
 */
export function readStatedYearSpans(
  line: string,
): { years: number; text: string }[] {
  const matches = [...line.matchAll(STATED_YEARS)];
  return matches.map((match, index) => {
    const start = match.index ?? 0;
    const end = matches[index + 1]?.index ?? line.length;
    return { years: Number(match[1]), text: line.slice(start, end) };
  });
}
