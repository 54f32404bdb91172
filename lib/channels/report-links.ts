import { and, eq, isNull, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  channelSettings,
  reportLinks,
  screenings,
  type ReportLink,
  type Screening,
} from "@/db/schema";
import { getEnv } from "@/lib/env";

import {
  DEFAULT_REPORT_LINK_DAYS,
  MAX_REPORT_LINK_DAYS,
} from "./report-link-limits";
import { createToken, hashToken, isWellFormedToken } from "./tokens";

/**
 * Links that open a screening's PDF report without sign-in. Each screening
 * has a default link built on `screenings.report_token`, which is the one
 * written to Tracker. Its report_links row is created on first use, so it
 * is revoked like any link made later with `createReportLink`.
 */

export { DEFAULT_REPORT_LINK_DAYS, MAX_REPORT_LINK_DAYS };
const DAY_MS = 86_400_000;

export function reportUrl(token: string): string {
  return new URL(`/report/${token}`, getEnv().APP_URL).toString();
}

export async function getReportLinkDays(
  db: Db,
  workspaceId: string,
): Promise<number> {
  const [row] = await db
    .select({ days: channelSettings.reportLinkDays })
    .from(channelSettings)
    .where(eq(channelSettings.workspaceId, workspaceId));
  return row?.days ?? DEFAULT_REPORT_LINK_DAYS;
}

export async function setReportLinkDays(
  db: Db,
  workspaceId: string,
  days: number,
): Promise<void> {
  await db
    .insert(channelSettings)
    .values({ workspaceId, reportLinkDays: days })
    .onConflictDoUpdate({
      target: channelSettings.workspaceId,
      set: { reportLinkDays: days, updatedAt: sql`now()` },
    });
}

export class ReportLinkError extends Error {
  name = "ReportLinkError";
}

/**
 * Makes a new link for a screening, valid for the workspace's days. Throws
 * ReportLinkError when the screening is not in the workspace.
 */
export async function createReportLink(
  db: Db,
  workspaceId: string,
  screeningId: string,
  now = new Date(),
): Promise<{ link: ReportLink; token: string; url: string }> {
  const [screening] = await db
    .select({ id: screenings.id })
    .from(screenings)
    .where(
      and(
        eq(screenings.id, screeningId),
        eq(screenings.workspaceId, workspaceId),
      ),
    );
  if (!screening) {
    throw new ReportLinkError(
      `Screening ${screeningId} is not in workspace ${workspaceId}.`,
    );
  }

  const days = await getReportLinkDays(db, workspaceId);
  const token = createToken();
  const [link] = await db
    .insert(reportLinks)
    .values({
      workspaceId,
      screeningId,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + days * DAY_MS),
    })
    .returning();
  return { link: link!, token, url: reportUrl(token) };
}

/** Revokes one link of the workspace. Returns false when none matched. */
export async function revokeReportLink(
  db: Db,
  workspaceId: string,
  linkId: string,
  userId: string | null,
): Promise<boolean> {
  const rows = await db
    .update(reportLinks)
    .set({ revokedAt: sql`now()`, revokedBy: userId })
    .where(
      and(
        eq(reportLinks.id, linkId),
        eq(reportLinks.workspaceId, workspaceId),
        isNull(reportLinks.revokedAt),
      ),
    )
    .returning({ id: reportLinks.id });
  return rows.length > 0;
}

/** Lists the links of a screening, creating its default link's row first. */
export async function listReportLinks(
  db: Db,
  workspaceId: string,
  screeningId: string,
): Promise<ReportLink[]> {
  const [screening] = await db
    .select()
    .from(screenings)
    .where(
      and(
        eq(screenings.id, screeningId),
        eq(screenings.workspaceId, workspaceId),
      ),
    );
  if (!screening) return [];
  await ensureDefaultLink(db, screening);
  return db
    .select()
    .from(reportLinks)
    .where(eq(reportLinks.screeningId, screeningId))
    .orderBy(reportLinks.createdAt);
}

export type ResolvedReportLink =
  | { status: "ok"; screening: Screening; link: ReportLink }
  | { status: "not_found" | "expired" | "revoked" | "not_ready" };

/**
 * Finds the screening a report token opens, checking revocation and
 * expiry. "not_ready" means the link is valid but the screening has no
 * result yet.
 */
export async function resolveReportToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<ResolvedReportLink> {
  if (!isWellFormedToken(token)) return { status: "not_found" };

  let [link] = await db
    .select()
    .from(reportLinks)
    .where(eq(reportLinks.tokenHash, hashToken(token)));
  if (!link) {
    const [screening] = await db
      .select()
      .from(screenings)
      .where(eq(screenings.reportToken, token));
    if (!screening) return { status: "not_found" };
    // The default link's lifetime starts with the result; see below.
    if (!screening.result) return { status: "not_ready" };
    link = await ensureDefaultLink(db, screening);
  }

  if (link.revokedAt) return { status: "revoked" };
  if (link.expiresAt.getTime() <= now.getTime()) return { status: "expired" };

  const [screening] = await db
    .select()
    .from(screenings)
    .where(eq(screenings.id, link.screeningId));
  if (!screening) return { status: "not_found" };
  if (!screening.result) return { status: "not_ready" };
  return { status: "ok", screening, link };
}

/**
 * Creates the row of a screening's default link. Its lifetime counts from
 * the result (or from now while there is none), since that is when the
 * link reaches Tracker.
 */
async function ensureDefaultLink(
  db: Db,
  screening: Screening,
): Promise<ReportLink> {
  const tokenHash = hashToken(screening.reportToken);
  const days = await getReportLinkDays(db, screening.workspaceId);
  const start = screening.completedAt ?? new Date();
  await db
    .insert(reportLinks)
    .values({
      workspaceId: screening.workspaceId,
      screeningId: screening.id,
      tokenHash,
      expiresAt: new Date(start.getTime() + days * DAY_MS),
    })
    .onConflictDoNothing();
  const [link] = await db
    .select()
    .from(reportLinks)
    .where(eq(reportLinks.tokenHash, tokenHash));
  return link!;
}
