import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  healthAlerts,
  healthProblems,
  memberships,
  trackerConnections,
  users,
  workspaces,
  type HealthProblem,
} from "@/db/schema";
import {
  getMailTransport,
  type MailTransport,
} from "@/lib/channels/mail/mail-transport";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";

import { ALERTING_KINDS, PROBLEM_COPY } from "./problem-copy";
import { syncProblems } from "./problems";

/**
 * Alert mails to a workspace's admins: one when an alerting problem opens
 * and one when it is resolved. The unique (problem, event) key on
 * health_alerts makes a second check of the same problem a no-op.
 */

const log = getLogger("health.alerts");

export type EvaluateResult = {
  open: HealthProblem[];
  alertsSent: number;
};

/**
 * Checks the workspace's problems and sends the alerts they call for. The
 * sync engine calls it after each run; it is safe to call at any time and
 * from several processes.
 */
export async function evaluateProblems(
  db: Db,
  workspaceId: string,
  options: { transport?: MailTransport } = {},
): Promise<EvaluateResult> {
  const open = await syncProblems(db, workspaceId);
  await queueAlerts(db, workspaceId);
  const alertsSent = await deliverAlerts(
    db,
    workspaceId,
    options.transport ?? getMailTransport(),
  );
  return { open, alertsSent };
}

/**
 * Evaluates every workspace that has a Tracker connection, for a cron that
 * catches problems between sync runs. One workspace's failure is logged
 * and does not stop the others.
 */
export async function evaluateAllWorkspaces(
  db: Db,
  options: { transport?: MailTransport } = {},
): Promise<{ workspaces: number; failed: number; alertsSent: number }> {
  const rows = await db
    .select({ workspaceId: trackerConnections.workspaceId })
    .from(trackerConnections);
  let failed = 0;
  let alertsSent = 0;
  for (const { workspaceId } of rows) {
    try {
      const result = await evaluateProblems(db, workspaceId, options);
      alertsSent += result.alertsSent;
    } catch (error) {
      failed += 1;
      log.error({ err: error, workspaceId }, "health evaluation failed");
    }
  }
  log.info(
    { workspaces: rows.length, failed, alertsSent },
    "health evaluation finished",
  );
  return { workspaces: rows.length, failed, alertsSent };
}

async function adminEmails(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(memberships.role, "admin"),
      ),
    );
  return rows.map((row) => row.email).sort();
}

/** Inserts the alert rows that are owed and not yet there. */
async function queueAlerts(db: Db, workspaceId: string): Promise<void> {
  const alerting = [...ALERTING_KINDS];
  const needOpened = await db
    .select({ id: healthProblems.id })
    .from(healthProblems)
    .where(
      and(
        eq(healthProblems.workspaceId, workspaceId),
        inArray(healthProblems.kind, alerting),
        sql`not exists (select 1 from ${healthAlerts}
          where ${healthAlerts.problemId} = ${healthProblems.id}
            and ${healthAlerts.event} = 'opened')`,
        // A problem that closed before any alert went out needs no mail.
        isNull(healthProblems.resolvedAt),
      ),
    );
  // Only a problem whose opening was announced gets a "resolved" mail.
  const needResolved = await db
    .select({ id: healthProblems.id })
    .from(healthProblems)
    .where(
      and(
        eq(healthProblems.workspaceId, workspaceId),
        inArray(healthProblems.kind, alerting),
        isNotNull(healthProblems.resolvedAt),
        sql`exists (select 1 from ${healthAlerts}
          where ${healthAlerts.problemId} = ${healthProblems.id}
            and ${healthAlerts.event} = 'opened')`,
        sql`not exists (select 1 from ${healthAlerts}
          where ${healthAlerts.problemId} = ${healthProblems.id}
            and ${healthAlerts.event} = 'resolved')`,
      ),
    );
  if (needOpened.length === 0 && needResolved.length === 0) return;

  const recipients = await adminEmails(db, workspaceId);
  const rows = [
    ...needOpened.map((row) => ({
      problemId: row.id,
      event: "opened" as const,
    })),
    ...needResolved.map((row) => ({
      problemId: row.id,
      event: "resolved" as const,
    })),
  ];
  await db
    .insert(healthAlerts)
    .values(rows.map((row) => ({ ...row, workspaceId, recipients })))
    .onConflictDoNothing();
}

/**
 * Sends every unsent alert of the workspace. Each alert is claimed by
 * setting sent_at first, so two processes never send the same one. A
 * failed send clears the claim, and the next check tries again.
 */
async function deliverAlerts(
  db: Db,
  workspaceId: string,
  transport: MailTransport,
): Promise<number> {
  const pending = await db
    .select({
      alert: healthAlerts,
      problem: healthProblems,
      workspace: workspaces.name,
    })
    .from(healthAlerts)
    .innerJoin(healthProblems, eq(healthProblems.id, healthAlerts.problemId))
    .innerJoin(workspaces, eq(workspaces.id, healthAlerts.workspaceId))
    .where(
      and(
        eq(healthAlerts.workspaceId, workspaceId),
        isNull(healthAlerts.sentAt),
      ),
    );

  let sent = 0;
  for (const { alert, problem, workspace } of pending) {
    const [claimed] = await db
      .update(healthAlerts)
      .set({ sentAt: sql`now()`, error: null })
      .where(and(eq(healthAlerts.id, alert.id), isNull(healthAlerts.sentAt)))
      .returning({ id: healthAlerts.id });
    if (!claimed) continue;

    const context = {
      workspaceId,
      problemId: problem.id,
      alertId: alert.id,
      kind: problem.kind,
      event: alert.event,
    };
    try {
      const message = composeAlert(workspace, problem, alert.event);
      for (const to of alert.recipients) {
        await transport.send({ to, ...message }, db);
      }
      sent += 1;
      log.info(
        { ...context, recipients: alert.recipients.length },
        "health alert sent",
      );
    } catch (error) {
      await db
        .update(healthAlerts)
        .set({ sentAt: null, error: (error as Error).message })
        .where(eq(healthAlerts.id, alert.id));
      log.error({ ...context, err: error }, "health alert failed to send");
    }
  }
  return sent;
}

export function composeAlert(
  workspaceName: string,
  problem: Pick<HealthProblem, "kind" | "detail" | "openedAt">,
  event: "opened" | "resolved",
): { subject: string; text: string } {
  const copy = PROBLEM_COPY[problem.kind];
  const integrationsUrl = new URL("/integrations", getEnv().APP_URL).href;
  if (event === "resolved") {
    return {
      subject: `[Tracker Relay] Resolved: ${copy.title}`,
      text: [
        `The problem in ${workspaceName} is resolved: ${copy.title}.`,
        `It was first seen ${problem.openedAt.toISOString()}.`,
        "Paused work resumes on its own; no action is needed.",
        "",
        `Connection health: ${integrationsUrl}`,
      ].join("\n"),
    };
  }
  return {
    subject: `[Tracker Relay] Action needed: ${copy.title}`,
    text: [
      `${copy.title} in ${workspaceName}.`,
      "",
      `What happened: ${problem.detail}`,
      `Effect: ${copy.impact}`,
      `What to do: ${copy.action}`,
      "",
      "You get one more mail when the problem is resolved.",
      `Connection health: ${integrationsUrl}`,
    ].join("\n"),
  };
}
