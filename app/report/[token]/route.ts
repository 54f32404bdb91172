import { eq } from "drizzle-orm";

import { getDb } from "@/db";
import {
  agents,
  candidates,
  jobMappings,
  screenings,
  trackerConnections,
  workspaces,
  type Screening,
} from "@/db/schema";
import { resolveReportToken } from "@/lib/channels/report-links";
import { getLogger } from "@/lib/logger";
import { renderReport } from "@/lib/screening/report/render-report";
import { screeningResultSchema } from "@/lib/screening/result";

/**
 * GET /report/<token>: the screening's PDF report. Public (proxy.ts leaves
 * /report/ open): the unguessable token is the credential, until the link
 * expires or is revoked.
 */

export const dynamic = "force-dynamic";

const log = getLogger("report-link");

const MESSAGES = {
  not_found: [404, "This report link does not exist."],
  expired: [
    410,
    "This report link has expired. Ask the recruiter for a new one.",
  ],
  revoked: [
    410,
    "This report link was revoked. Ask the recruiter for a new one.",
  ],
  not_ready: [
    404,
    "This screening has no report yet. Try again once it is finished.",
  ],
} as const;

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ token: string }> },
) {
  const { token } = await params;
  try {
    const db = await getDb();
    const resolved = await resolveReportToken(db, token);
    if (resolved.status !== "ok") {
      const [status, message] = MESSAGES[resolved.status];
      return textResponse(status, message);
    }

    const result = screeningResultSchema.safeParse(resolved.screening.result);
    if (!result.success) {
      log.error(
        { screeningId: resolved.screening.id, issues: result.error.issues },
        "stored screening result does not match the result schema",
      );
      return textResponse(500, "The report could not be generated.");
    }

    const meta = await loadReportMeta(resolved.screening);
    const pdf = await renderReport(result.data, meta);
    log.info(
      { screeningId: resolved.screening.id, linkId: resolved.link.id },
      "report opened through a link",
    );
    return new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="screening-report.pdf"`,
        "cache-control": "private, no-store",
        "referrer-policy": "no-referrer",
        "x-robots-tag": "noindex, nofollow",
      },
    });
  } catch (error) {
    log.error({ err: error }, "report link failed");
    return textResponse(500, "The report could not be generated; try again.");
  }
}

async function loadReportMeta(screening: Screening) {
  const db = await getDb();
  const [row] = await db
    .select({
      firstName: candidates.firstName,
      lastName: candidates.lastName,
      jobTitle: jobMappings.jobTitle,
      agentName: agents.name,
      workspaceName: workspaces.name,
      timeZone: trackerConnections.timeZone,
    })
    .from(screenings)
    .innerJoin(workspaces, eq(workspaces.id, screenings.workspaceId))
    .leftJoin(candidates, eq(candidates.id, screenings.candidateId))
    .leftJoin(jobMappings, eq(jobMappings.id, screenings.mappingId))
    .leftJoin(agents, eq(agents.id, screenings.agentId))
    .leftJoin(
      trackerConnections,
      eq(trackerConnections.id, screenings.connectionId),
    )
    .where(eq(screenings.id, screening.id));
  const name = [row?.firstName, row?.lastName].filter(Boolean).join(" ");
  return {
    candidateName: name || `Candidate ${screening.trackerCandidateId}`,
    jobTitle: row?.jobTitle ?? `Job ${screening.trackerJobId}`,
    agentName: row?.agentName ?? "Screening agent",
    workspaceName: row?.workspaceName,
    timeZone: row?.timeZone ?? "UTC",
  };
}

function textResponse(status: number, message: string) {
  return new Response(message, {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
      "x-robots-tag": "noindex, nofollow",
    },
  });
}
