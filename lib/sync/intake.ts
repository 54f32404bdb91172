import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";

import { getDb, type Db } from "@/db";
import {
  agents,
  jobMappings,
  screenings,
  trackerConnections,
  type Agent,
  type Candidate,
  type JobMapping,
  type Screening,
  type TrackerConnection,
} from "@/db/schema";
import { getLogger } from "@/lib/logger";
import type { ResumeText } from "@/lib/screening/resume-text";
import type { Workflow } from "@/lib/screening/workflow";
import { TrackerNotFoundError } from "@/lib/tracker/errors";

import { BatchStop, groupBy, scopeOf, type BatchOptions } from "./batch";
import { isAuthError, markNeedsToken } from "./connection-health";
import {
  fetchCandidate,
  storeCandidates,
  type FetchedCandidate,
} from "./read-candidate";
import { advanceScreening } from "./screening-state";
import {
  recordScreeningFailure,
  recordScreeningResults,
  type FinalResult,
} from "./screening-results";
import { describeError, type RunScope } from "./sync-runs";
import { isStopRequested, openBatchClient } from "./tracker-client";
import { getWorkflowRunner, readAgentWorkflow } from "./workflow-runner";

const log = getLogger("sync.intake");

// Tracker outages of a few hours are retried; after this many attempts the
// screening fails and an admin can look at it.
export const MAX_INTAKE_ATTEMPTS = 8;
const INTAKE_LEASE_SECONDS = 300;

export type IntakeResult = {
  status: "dispatched" | "failed" | "retry" | "deferred" | "paused" | "skipped";
  trackerRequests: number;
  reason?: string;
  /** Set when the screening was claimed. */
  scope?: RunScope;
};

/**
 * Reads a pulled candidate and their resume from Tracker, stores them, and
 * hands the screening to the agent's workflow. Safe to run twice for one
 * screening: the claim lets one job in at a time, and state changes only
 * move forward.
 */
export async function intakeScreening(
  screeningId: string,
  options: BatchOptions = {},
): Promise<IntakeResult> {
  const [result] = await intakeScreenings([screeningId], options);
  return result ?? { status: "skipped", trackerRequests: 0 };
}

/**
 * Runs intake for a batch of screenings, sharing the claim, the reads and
 * the writes in the database. Tracker is still read one candidate at a
 * time.
 *
 * Past the deadline no further candidate starts, though the first always
 * does, and the rest are put back. Returns one result per id, in order.
 */
export async function intakeScreenings(
  screeningIds: readonly string[],
  options: BatchOptions = {},
): Promise<IntakeResult[]> {
  const db = await getDb();
  const ids = [...new Set(screeningIds)];
  const claimed = await claimScreenings(db, ids);
  const results = new Map<string, IntakeResult>();
  const context = await loadContext(db, claimed);

  // Releases claims untouched, with no attempt used, and records why.
  const putBack = async (
    rows: readonly Screening[],
    status: "paused" | "deferred" | "retry",
    reason?: string,
  ) => {
    await releaseClaims(db, rows, { refundAttempt: true });
    for (const row of rows) {
      results.set(row.id, {
        status,
        trackerRequests: 0,
        reason,
        scope: scopeOf(row),
      });
    }
  };

  const paused = claimed.filter(
    (row) => context.connections.get(row.connectionId)?.status !== "connected",
  );
  await putBack(paused, "paused");

  const stop = new BatchStop(options);
  const { signal } = stop;

  for (const [connectionId, group] of groupBy(
    claimed.filter((row) => !paused.includes(row)),
    (row) => row.connectionId,
  )) {
    const connection = context.connections.get(connectionId)!;
    const client = await openBatchClient(db, connection, {
      signal,
      items: "candidates",
      putBack: (reason) => putBack(group, "retry", reason),
    });
    if (!client) continue;
    try {
      const read: { screening: Screening; fetched: FetchedCandidate }[] = [];
      const cache = new Map<number, FetchedCandidate>();
      const unstarted: Screening[] = [];
      let authFailure = false;
      for (const screening of group) {
        if (authFailure || stop.isOver()) {
          unstarted.push(screening);
          continue;
        }
        stop.start();
        const before = client.requestCount;
        const scope = scopeOf(screening);
        try {
          let fetched = cache.get(screening.trackerCandidateId);
          if (!fetched) {
            fetched = await fetchCandidate(client, screening, signal);
            cache.set(screening.trackerCandidateId, fetched);
          }
          read.push({ screening, fetched });
          results.set(screening.id, {
            status: "dispatched",
            trackerRequests: client.requestCount - before,
            scope,
          });
        } catch (error) {
          const requests = client.requestCount - before;
          const outcome = await settleIntakeError(db, screening, error, signal);
          if (isAuthError(error)) {
            if (!authFailure) await markNeedsToken(db, connection.id, error);
            authFailure = true;
          }
          results.set(screening.id, {
            ...outcome,
            trackerRequests: requests,
            scope,
          });
        }
      }
      // Unstarted candidates go back as they were: paused behind a
      // rejected token, or deferred to the next run after a stop.
      await putBack(unstarted, authFailure ? "paused" : "deferred");

      const outcomes = await dispatchAll(db, context, read, signal);
      for (const [id, outcome] of outcomes) {
        const entry = results.get(id);
        if (entry) Object.assign(entry, outcome);
      }
    } finally {
      await client.close();
    }
  }

  return ids.map(
    (id) => results.get(id) ?? { status: "skipped", trackerRequests: 0 },
  );
}

type IntakeContext = {
  connections: Map<string, TrackerConnection>;
  mappings: Map<string, JobMapping>;
  agents: Map<string, Agent>;
  workflows: Map<string, Workflow | null>;
};

/** Reads the connections, mappings and agents of the claimed screenings. */
async function loadContext(
  db: Db,
  claimed: readonly Screening[],
): Promise<IntakeContext> {
  const unique = (pick: (row: Screening) => string) => [
    ...new Set(claimed.map(pick)),
  ];
  if (claimed.length === 0) {
    return {
      connections: new Map(),
      mappings: new Map(),
      agents: new Map(),
      workflows: new Map(),
    };
  }
  const [connectionRows, mappingRows, agentRows] = [
    await db
      .select()
      .from(trackerConnections)
      .where(
        inArray(
          trackerConnections.id,
          unique((row) => row.connectionId),
        ),
      ),
    await db
      .select()
      .from(jobMappings)
      .where(
        inArray(
          jobMappings.id,
          unique((row) => row.mappingId),
        ),
      ),
    await db
      .select()
      .from(agents)
      .where(
        inArray(
          agents.id,
          unique((row) => row.agentId),
        ),
      ),
  ];
  return {
    connections: new Map(connectionRows.map((row) => [row.id, row])),
    mappings: new Map(mappingRows.map((row) => [row.id, row])),
    agents: new Map(agentRows.map((row) => [row.id, row])),
    workflows: new Map(
      agentRows.map((row) => [row.id, readAgentWorkflow(row.workflow)]),
    ),
  };
}

/**
 * Settles a candidate whose Tracker read or workflow start failed. A stop
 * puts it back and a rejected token pauses it (the caller marks the
 * connection). A missing candidate or the last attempt fails it, and any
 * other error keeps it claimed until its retry time.
 */
async function settleIntakeError(
  db: Db,
  screening: Screening,
  error: unknown,
  signal: AbortSignal | undefined,
): Promise<Pick<IntakeResult, "status" | "reason">> {
  const reason = describeError(error);
  const context = {
    screeningId: screening.id,
    connectionId: screening.connectionId,
  };
  if (isStopRequested(error, signal)) {
    await releaseClaims(db, [screening], { refundAttempt: true });
    return { status: "deferred" };
  }
  if (isAuthError(error)) {
    await releaseClaims(db, [screening], { refundAttempt: true });
    return { status: "paused", reason };
  }
  if (
    error instanceof TrackerNotFoundError ||
    screening.intakeAttempts >= MAX_INTAKE_ATTEMPTS
  ) {
    await recordScreeningFailure(db, screening.id, reason);
    log.error({ ...context, err: error }, "intake failed for good");
    return { status: "failed", reason };
  }
  await scheduleRetry(db, screening.id, screening.intakeAttempts);
  log.warn(
    { ...context, attempt: screening.intakeAttempts, err: error },
    "intake failed; it will be retried",
  );
  return { status: "retry", reason };
}

async function claimScreenings(
  db: Db,
  screeningIds: readonly string[],
): Promise<Screening[]> {
  if (screeningIds.length === 0) return [];
  const rows = await db
    .update(screenings)
    .set({
      intakeLeaseExpiresAt: sql`now() + make_interval(secs => ${INTAKE_LEASE_SECONDS})`,
      intakeAttempts: sql`${screenings.intakeAttempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        inArray(screenings.id, [...screeningIds]),
        eq(screenings.state, "pulled"),
        or(
          isNull(screenings.intakeLeaseExpiresAt),
          lt(screenings.intakeLeaseExpiresAt, sql`now()`),
        ),
      ),
    )
    .returning();
  const order = new Map(screeningIds.map((id, index) => [id, index]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

async function releaseClaims(
  db: Db,
  rows: readonly Screening[],
  options: { refundAttempt: boolean },
) {
  if (rows.length === 0) return;
  await db
    .update(screenings)
    .set({
      intakeLeaseExpiresAt: null,
      ...(options.refundAttempt
        ? { intakeAttempts: sql`greatest(${screenings.intakeAttempts} - 1, 0)` }
        : {}),
    })
    .where(
      and(
        inArray(
          screenings.id,
          rows.map((row) => row.id),
        ),
        eq(screenings.state, "pulled"),
      ),
    );
}

/** Holds the claim until the retry time: 1, 2, 4 ... up to 60 minutes. */
async function scheduleRetry(db: Db, screeningId: string, attempt: number) {
  const delaySeconds = Math.min(3600, 60 * 2 ** Math.max(0, attempt - 1));
  await db
    .update(screenings)
    .set({
      intakeLeaseExpiresAt: sql`now() + make_interval(secs => ${delaySeconds})`,
    })
    .where(and(eq(screenings.id, screeningId), eq(screenings.state, "pulled")));
}

/** Returns why a screening cannot start, or null when it can. */
function whyNotStart(
  mapping: JobMapping | undefined,
  agent: Agent | undefined,
  workflow: Workflow | null,
): string | null {
  if (!mapping) return "The job mapping no longer exists.";
  if (mapping.status !== "active") {
    return "The job mapping was removed before the candidate was screened.";
  }
  if (!agent || agent.status !== "active") {
    return "The agent was archived or deleted before the candidate was screened.";
  }
  if (!workflow) {
    return (
      "The agent's workflow is invalid; fix the agent and screen the " +
      "candidate again."
    );
  }
  return null;
}

/**
 * Stores the read candidates, links each screening to its candidate and
 * starts each workflow. The links come first because a waiting step reads
 * the candidate through the screening.
 *
 * Final results are stored in one transaction and other outcomes one by
 * one. A candidate the database rejects, or a workflow that throws,
 * settles only its own screening. Returns how each screening ended.
 */
async function dispatchAll(
  db: Db,
  context: IntakeContext,
  read: readonly { screening: Screening; fetched: FetchedCandidate }[],
  signal: AbortSignal | undefined,
): Promise<Map<string, Pick<IntakeResult, "status" | "reason">>> {
  const outcomes = new Map<string, Pick<IntakeResult, "status" | "reason">>();
  const settle = async (screening: Screening, error: unknown) => {
    outcomes.set(
      screening.id,
      await settleIntakeError(db, screening, error, signal),
    );
  };
  if (read.length === 0) return outcomes;

  const unique = [...new Set(read.map((entry) => entry.fetched))];
  const stored = await writeEach(unique, (batch) =>
    storeCandidates(
      db,
      batch.map((fetched) => fetched.values),
    ),
  );
  const rowOf = new Map(
    unique.map((fetched, index) => [fetched, stored[index]!]),
  );
  const ready: {
    screening: Screening;
    fetched: FetchedCandidate;
    candidate: Candidate;
  }[] = [];
  for (const { screening, fetched } of read) {
    const row = rowOf.get(fetched)!;
    if (row.ok) ready.push({ screening, fetched, candidate: row.value });
    else await settle(screening, row.error);
  }
  await linkCandidates(
    db,
    ready.map(({ screening, candidate }) => ({
      id: screening.id,
      candidate_id: candidate.id,
    })),
  );

  const finals: { screening: Screening; final: FinalResult }[] = [];
  for (const { screening, fetched, candidate } of ready) {
    try {
      const started = await startWorkflow(db, context, {
        screening,
        candidate,
        resume: fetched.resume,
      });
      if ("final" in started) {
        finals.push({ screening, final: started.final });
        outcomes.set(screening.id, { status: "dispatched" });
      } else {
        outcomes.set(screening.id, started);
      }
    } catch (error) {
      await settle(screening, error);
    }
  }

  const recorded = await writeEach(finals, (batch) =>
    recordScreeningResults(
      batch.map((entry) => entry.final),
      db,
    ),
  );
  for (const [index, { screening }] of finals.entries()) {
    const entry = recorded[index]!;
    if (!entry.ok) {
      await settle(screening, entry.error);
      continue;
    }
    log.info(
      { screeningId: screening.id, outcome: "final" },
      "screening dispatched",
    );
  }
  return outcomes;
}

/**
 * Starts one screening's workflow. Returns a final result for the caller
 * to store with the batch's, or the outcome already stored: waiting on the
 * candidate, or failed.
 */
async function startWorkflow(
  db: Db,
  context: IntakeContext,
  input: { screening: Screening; candidate: Candidate; resume: ResumeText },
): Promise<{ final: FinalResult } | Pick<IntakeResult, "status" | "reason">> {
  const { screening } = input;
  const mapping = context.mappings.get(screening.mappingId);
  const agent = context.agents.get(screening.agentId);
  const workflow = context.workflows.get(screening.agentId) ?? null;
  const problem = whyNotStart(mapping, agent, workflow);
  if (problem || !mapping || !agent || !workflow) {
    const reason = problem ?? "Missing data.";
    await recordScreeningFailure(db, screening.id, reason);
    log.warn({ screeningId: screening.id, problem }, "screening not started");
    return { status: "failed", reason };
  }

  const outcome = await getWorkflowRunner().start({
    ...input,
    agent,
    workflow,
    mapping,
  });
  if (outcome.kind === "final") {
    return { final: { screeningId: screening.id, result: outcome.result } };
  }
  log.info(
    { screeningId: screening.id, outcome: outcome.kind },
    "screening dispatched",
  );
  if (outcome.kind === "failed") {
    await recordScreeningFailure(db, screening.id, outcome.reason);
    return { status: "failed", reason: outcome.reason };
  }
  await advanceScreening(db, screening.id, outcome.kind, {
    detail: outcome.detail,
  });
  return { status: "dispatched" };
}

type Written<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Writes a batch in one call. When that call fails, writes each item on
 * its own, so an item the database rejects fails alone and the rest are
 * stored. Returns each item's outcome, in order.
 */
async function writeEach<Item, Value>(
  items: readonly Item[],
  write: (batch: readonly Item[]) => Promise<Value[]>,
): Promise<Written<Value>[]> {
  if (items.length === 0) return [];
  try {
    const values = await write(items);
    return values.map((value) => ({ ok: true, value }));
  } catch (error) {
    if (items.length === 1) return [{ ok: false, error }];
    log.warn(
      { err: error, items: items.length },
      "batch write failed; writing each item on its own",
    );
  }
  const written: Written<Value>[] = [];
  for (const item of items) {
    try {
      const [value] = await write([item]);
      written.push({ ok: true, value: value! });
    } catch (error) {
      written.push({ ok: false, error });
    }
  }
  return written;
}

/** Sets each screening's candidate and dispatch time in one statement. */
async function linkCandidates(
  db: Db,
  links: readonly { id: string; candidate_id: string }[],
) {
  if (links.length === 0) return;
  await db.execute(sql`
    update ${screenings} set
      "candidate_id" = "v"."candidate_id",
      "dispatched_at" = now(),
      "updated_at" = now()
    from jsonb_to_recordset(${JSON.stringify(links)}::jsonb)
      as "v"("id" uuid, "candidate_id" uuid)
    where ${screenings.id} = "v"."id"`);
}
