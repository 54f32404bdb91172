import type { ReminderSettings } from "@/lib/screening/workflow";

/**
 * When an open invitation gets its next reminder. Pure, so the limits are
 * tested without a clock or a database.
 */

const HOUR_MS = 3_600_000;

export type ReminderState = {
  status: "sent" | "opened" | "completed" | "knocked_out" | "expired";
  sentAt: Date | null;
  expiresAt: Date;
  remindersSent: number;
  lastReminderAt: Date | null;
};

export type ReminderDecision =
  | { send: true }
  | {
      send: false;
      reason:
        | "disabled"
        | "finished"
        | "not_sent"
        | "max_reached"
        | "not_due"
        | "outside_sending_hours"
        | "expired";
    };

/** Returns the hour of day (0-23) at `date` in an IANA time zone. */
export function hourIn(date: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hour: "numeric",
    hourCycle: "h23",
  }).format(date);
  return Number(hour);
}

/**
 * Decides whether to remind now. A reminder is due `intervalHours` after
 * the invitation or the previous reminder, and waits for the sending hours
 * (`start` inclusive, `end` exclusive, in the workspace's time zone) when
 * it falls due outside them. None goes out after the step finished, after
 * the deadline, or past `maxReminders`.
 */
export function decideReminder(
  settings: ReminderSettings,
  state: ReminderState,
  now: Date,
  timeZone: string,
): ReminderDecision {
  if (!settings.enabled || settings.maxReminders === 0) {
    return { send: false, reason: "disabled" };
  }
  if (state.status !== "sent" && state.status !== "opened") {
    return { send: false, reason: "finished" };
  }
  if (state.expiresAt.getTime() <= now.getTime()) {
    return { send: false, reason: "expired" };
  }
  if (!state.sentAt) return { send: false, reason: "not_sent" };
  if (state.remindersSent >= settings.maxReminders) {
    return { send: false, reason: "max_reached" };
  }

  const since = state.lastReminderAt ?? state.sentAt;
  if (now.getTime() < since.getTime() + settings.intervalHours * HOUR_MS) {
    return { send: false, reason: "not_due" };
  }

  const hour = hourIn(now, timeZone);
  const { start, end } = settings.sendingHours;
  if (hour < start || hour >= end) {
    return { send: false, reason: "outside_sending_hours" };
  }
  return { send: true };
}
