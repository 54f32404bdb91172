"use server";

import { ActionError, createAction } from "@/lib/actions/safe-action";
import { getLogger } from "@/lib/logger";

import {
  createReportLink,
  ReportLinkError,
  revokeReportLink,
  setReportLinkDays,
} from "../report-links";
import {
  reportLinkDaysSchema,
  reportLinkIdSchema,
  screeningIdSchema,
} from "./report-link-schemas";

const log = getLogger("action:report-links");

/** Sets how many days new report links of the workspace stay open. */
export const updateReportLinkDays = createAction(
  {
    name: "update-report-link-days",
    role: "admin",
    schema: reportLinkDaysSchema,
  },
  async ({ days }, { db, viewer }) => {
    await setReportLinkDays(db, viewer.workspaceId, days);
    log.info(
      { workspaceId: viewer.workspaceId, userId: viewer.userId, days },
      "report link lifetime changed",
    );
    return { days };
  },
);

/** Revokes one report link; it returns 410 from then on. */
export const revokeReportLinkAction = createAction(
  { name: "revoke-report-link", role: "recruiter", schema: reportLinkIdSchema },
  async ({ linkId }, { db, viewer }) => {
    const revoked = await revokeReportLink(
      db,
      viewer.workspaceId,
      linkId,
      viewer.userId,
    );
    if (!revoked) {
      throw new ActionError(
        "No active report link with this id in your workspace; it may be revoked already.",
      );
    }
    log.info(
      { workspaceId: viewer.workspaceId, userId: viewer.userId, linkId },
      "report link revoked",
    );
    return { linkId };
  },
);

/** Makes a new report link for a screening of the workspace. */
export const createReportLinkAction = createAction(
  { name: "create-report-link", role: "recruiter", schema: screeningIdSchema },
  async ({ screeningId }, { db, viewer }) => {
    try {
      const created = await createReportLink(
        db,
        viewer.workspaceId,
        screeningId,
      );
      return { url: created.url, expiresAt: created.link.expiresAt };
    } catch (error) {
      if (!(error instanceof ReportLinkError)) throw error;
      log.warn(
        { workspaceId: viewer.workspaceId, screeningId },
        "report link rejected: screening outside the workspace",
      );
      throw new ActionError("No screening with this id in your workspace.");
    }
  },
);
