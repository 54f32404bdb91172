import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { Db } from "@/db";
import { listReportLinks } from "@/lib/channels/report-links";
import { formatDateTime } from "@/lib/views/format";

import { RevokeReportLinkButton } from "./revoke-report-link-button";

function linkState(link: { expiresAt: Date; revokedAt: Date | null }) {
  if (link.revokedAt) return "Revoked";
  return link.expiresAt <= new Date() ? "Expired" : "Open";
}

/** The screening's public report links, with a revoke button for editors. */
export async function ReportLinksCard({
  db,
  workspaceId,
  screeningId,
  timeZone,
  canRevoke,
}: {
  db: Db;
  workspaceId: string;
  screeningId: string;
  timeZone: string;
  canRevoke: boolean;
}) {
  const links = await listReportLinks(db, workspaceId, screeningId);
  if (links.length === 0) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Report links</h2>
        </CardTitle>
        <p className="text-sm text-muted-foreground">
          Anyone with a link can open the PDF report without signing in until it
          expires or is revoked.
        </p>
      </CardHeader>
      <CardContent>
        <ul className="space-y-2 text-sm">
          {links.map((link) => {
            const state = linkState(link);
            return (
              <li
                key={link.id}
                className="flex flex-wrap items-center justify-between gap-2"
              >
                <span>
                  {state} · created{" "}
                  {formatDateTime(link.createdAt.toISOString(), timeZone)}
                  {" · "}
                  {state === "Revoked" && link.revokedAt
                    ? `revoked ${formatDateTime(link.revokedAt.toISOString(), timeZone)}`
                    : `expires ${formatDateTime(link.expiresAt.toISOString(), timeZone)}`}
                </span>
                {canRevoke && state === "Open" ? (
                  <RevokeReportLinkButton linkId={link.id} />
                ) : null}
              </li>
            );
          })}
        </ul>
      </CardContent>
    </Card>
  );
}
