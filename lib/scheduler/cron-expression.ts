// A five-field cron expression (minute, hour, day of month, month, day of
// week), as vercel.json uses, matched against UTC times because Vercel
// Cron runs in UTC. Each field accepts `*`, a number, a range `a-b`, a
// step `*/n` or `a-b/n`, and comma-separated lists of those. Names such as
// MON or JAN are not supported. When both day fields are restricted, a
// time must match both (Vixie cron accepts either).

const FIELD_RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];

export type CronSchedule = {
  expression: string;
  fields: Set<number>[];
};

export class CronExpressionError extends Error {
  name = "CronExpressionError";
}

export function parseCronExpression(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw new CronExpressionError(
      `Invalid cron expression "${expression}": expected 5 fields ` +
        "(minute hour day-of-month month day-of-week)",
    );
  }
  const fields = parts.map((part, index) =>
    parseField(part, FIELD_RANGES[index]!, expression),
  );
  return { expression, fields };
}

function parseField(
  field: string,
  [min, max]: [number, number],
  expression: string,
): Set<number> {
  const values = new Set<number>();
  for (const item of field.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) {
      throw new CronExpressionError(
        `Invalid cron field "${item}" in "${expression}"`,
      );
    }
    const [, , first, last, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    let start = min;
    let end = max;
    if (first !== undefined) {
      start = Number(first);
      // "5/15" runs from 5 to the field's maximum, as in Vixie cron.
      if (last !== undefined) end = Number(last);
      else if (stepText === undefined) end = start;
    }
    if (start < min || end > max || start > end || step < 1) {
      throw new CronExpressionError(
        `Cron field "${item}" in "${expression}" is outside ${min}-${max}`,
      );
    }
    for (let value = start; value <= end; value += step) values.add(value);
  }
  return values;
}

/** Returns whether the schedule fires in the UTC minute that contains `date`. */
export function cronMatches(schedule: CronSchedule, date: Date): boolean {
  const [minutes, hours, days, months, weekdays] = schedule.fields;
  return (
    minutes!.has(date.getUTCMinutes()) &&
    hours!.has(date.getUTCHours()) &&
    days!.has(date.getUTCDate()) &&
    months!.has(date.getUTCMonth() + 1) &&
    weekdays!.has(date.getUTCDay())
  );
}
