import Link from "next/link";

import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { formatDateTime, SCREENING_STATE_LABELS } from "@/lib/views/format";
import type { RunCandidate } from "@/lib/views/run-candidates";

import { RetryWriteBackButton } from "./retry-write-back-button";

function outcomeLabel(candidate: RunCandidate): string {
  if (candidate.outcome === "write_back_failed") return "Write-back failed";
  if (candidate.outcome === "written_back" && candidate.writeBack?.activityId) {
    return `Written back (activity ${candidate.writeBack.activityId})`;
  }
  return SCREENING_STATE_LABELS[candidate.outcome];
}

/**
 * Lists the candidates a run touched. A failure shows its reason in plain
 * words and the next step. Admins also get a retry button on a failed
 * write-back.
 */
export function RunCandidatesTable({
  candidates,
  runId,
  timeZone,
  canRetry,
}: {
  candidates: RunCandidate[];
  runId: string;
  timeZone: string;
  canRetry: boolean;
}) {
  return (
    <Table aria-label="Candidates in this run">
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Candidate</TableHead>
          <TableHead scope="col">Agent and job</TableHead>
          <TableHead scope="col">Outcome</TableHead>
          <TableHead scope="col">When ({timeZone})</TableHead>
          <TableHead scope="col">What to do</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {candidates.length === 0 ? (
          <TableRow>
            <TableCell
              colSpan={5}
              className="py-8 text-center text-muted-foreground"
            >
              This run did not touch any candidate.
            </TableCell>
          </TableRow>
        ) : (
          candidates.map((candidate) => (
            <TableRow
              key={candidate.screeningId}
              data-testid="run-candidate-row"
            >
              <TableCell>
                <Link
                  href={`/candidates/${candidate.screeningId}`}
                  className="font-medium underline-offset-4 hover:underline"
                >
                  {candidate.name}
                </Link>
                {candidate.email ? (
                  <p className="text-xs text-muted-foreground">
                    {candidate.email}
                  </p>
                ) : null}
              </TableCell>
              <TableCell>
                {candidate.agentName}
                <p className="text-xs text-muted-foreground">
                  {candidate.jobTitle}
                </p>
              </TableCell>
              <TableCell>
                {outcomeLabel(candidate)}
                {candidate.failure ? (
                  <p className="text-xs text-muted-foreground">
                    {candidate.failure.reason}
                  </p>
                ) : null}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                {formatDateTime(candidate.at, timeZone)}
              </TableCell>
              <TableCell className="max-w-sm space-y-2">
                {candidate.failure ? (
                  <>
                    <p>{candidate.failure.action}</p>
                    <details>
                      <summary className="cursor-pointer text-xs text-muted-foreground">
                        Error from Tracker
                      </summary>
                      <p className="mt-1 font-mono text-xs break-words">
                        {candidate.failure.message}
                      </p>
                    </details>
                    {candidate.writeBack?.status === "failed" && canRetry ? (
                      <RetryWriteBackButton
                        screeningId={candidate.screeningId}
                        runId={runId}
                        candidateName={candidate.name}
                      />
                    ) : candidate.writeBack?.status === "pending" ? (
                      <p className="text-xs text-muted-foreground">
                        A retry is queued.
                      </p>
                    ) : null}
                  </>
                ) : (
                  <span className="text-muted-foreground">Nothing</span>
                )}
              </TableCell>
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}
