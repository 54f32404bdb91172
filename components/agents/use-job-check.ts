"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { checkTrackerJob } from "@/lib/actions/check-tracker-job";
import { trackerJobIdField } from "@/lib/validations/job-mapping";

const DEBOUNCE_MS = 400;

/**
 * Checks a typed Job ID with Tracker once typing pauses. Returns the
 * format error at once, without a request, for a value that is not a
 * Job ID.
 */
export function useJobCheck(rawValue: string) {
  const [settled, setSettled] = useState(rawValue);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(rawValue), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [rawValue]);

  const parsed = trackerJobIdField.safeParse(settled);
  const formatError =
    settled.trim() !== "" && !parsed.success
      ? parsed.error.issues[0]?.message
      : undefined;
  const jobId = parsed.success ? parsed.data : undefined;

  const query = useQuery({
    queryKey: ["tracker-job", jobId],
    enabled: jobId !== undefined,
    retry: false,
    staleTime: 30_000,
    queryFn: async () => {
      const result = await checkTrackerJob({ trackerJobId: String(jobId) });
      if (!result.ok) {
        const message =
          result.fieldErrors?.trackerJobId?.[0] ??
          result.formError ??
          "The job could not be checked; try again.";
        throw new Error(message);
      }
      return result.data;
    },
  });

  return {
    pending: settled !== rawValue || query.isFetching,
    formatError,
    job: jobId !== undefined ? query.data : undefined,
    lookupError: jobId !== undefined ? query.error?.message : undefined,
  };
}
