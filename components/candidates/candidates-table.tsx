import Link from "next/link";

import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { formatDateTime } from "@/lib/views/format";
import type { ScreeningListRow } from "@/lib/views/screenings";

import { ScreeningStateBadge } from "./screening-state-badge";

export function CandidatesTable({
  rows,
  timeZone,
}: {
  rows: ScreeningListRow[];
  timeZone: string;
}) {
  return (
    <Table aria-label="Candidates">
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Candidate</TableHead>
          <TableHead scope="col">Status</TableHead>
          <TableHead scope="col" className="text-right">
            Score
          </TableHead>
          <TableHead scope="col">Agent</TableHead>
          <TableHead scope="col">Job</TableHead>
          <TableHead scope="col">Pulled ({timeZone})</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.length === 0 ? (
          <TableRow>
            <TableCell
              colSpan={6}
              className="py-8 text-center text-muted-foreground"
            >
              No candidates match.
            </TableCell>
          </TableRow>
        ) : (
          rows.map((row) => (
            <TableRow key={row.id} data-testid="candidate-row">
              <TableCell>
                <Link
                  href={`/candidates/${row.id}`}
                  className="font-medium underline-offset-4 hover:underline"
                >
                  {row.name}
                </Link>
                {row.email ? (
                  <p className="text-xs text-muted-foreground">{row.email}</p>
                ) : null}
              </TableCell>
              <TableCell>
                <ScreeningStateBadge state={row.state} />
                {row.writeBackFailed ? (
                  <p className="mt-1 text-xs text-red-800">Write-back failed</p>
                ) : null}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {row.score === null ? "—" : Math.round(row.score)}
              </TableCell>
              <TableCell>{row.agentName}</TableCell>
              <TableCell>
                {row.jobTitle}
                <p className="text-xs text-muted-foreground">
                  Tracker job {row.trackerJobId}
                </p>
              </TableCell>
              <TableCell className="whitespace-nowrap">
                {formatDateTime(row.createdAt, timeZone)}
              </TableCell>
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}
