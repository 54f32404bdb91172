import { describe, expect, it } from "vitest";

import {
  backfillCutoff,
  matchBackfill,
  normalizeLocal,
  type BackfillRule,
} from "@/lib/sync/backfill-filter";

const rule: BackfillRule = {
  trackerJobId: 100,
  stageFilterId: null,
  createdUpToLocal: "2026-09-02 23:59:59",
};

describe("backfill filter", () => {
  it.each([
    ["2026-09-02 23:30:00", "match"],
    ["2026-09-02T23:59:59.500", "match"],
    ["2026-09-02", "match"],
    ["2026-09-03 00:00:00", "skip"],
  ])("created %s is %s", (createdLocal, kind) => {
    const row = { jobId: 100, statusId: 3, createdLocal };
    expect(matchBackfill(row, rule).kind).toBe(kind);
  });

  it("skips another job", () => {
    const row = { jobId: 200, statusId: 3, createdLocal: "2026-09-01" };
    expect(matchBackfill(row, rule).kind).toBe("skip");
  });

  it("applies the stage filter", () => {
    const filtered = { ...rule, stageFilterId: 7 };
    const inStage = { jobId: 100, statusId: 7, createdLocal: "2026-09-01" };
    const elsewhere = { jobId: 100, statusId: 3, createdLocal: "2026-09-01" };
    expect(matchBackfill(inStage, filtered).kind).toBe("match");
    expect(matchBackfill(elsewhere, filtered).kind).toBe("skip");
  });

  it("reports a missing creation date", () => {
    const row = { jobId: 100, statusId: 3, createdLocal: null };
    expect(matchBackfill(row, rule).kind).toBe("unknown_date");
  });

  it("uses the whole day for a date cut-off", () => {
    const cutoff = backfillCutoff("2026-09-02", new Date(), "UTC");
    expect(cutoff).toBe("2026-09-02 23:59:59");
  });

  it("uses the mapping's creation in Tracker's zone", () => {
    // 03:30 UTC on 3 September is 22:30 on 2 September in Chicago (UTC-5).
    const created = new Date(Date.UTC(2026, 8, 3, 3, 30));
    expect(backfillCutoff(null, created, "America/Chicago")).toBe(
      "2026-09-02 22:30:00",
    );
  });

  it("rejects text that is not a date", () => {
    expect(normalizeLocal("yesterday")).toBeNull();
  });
});
