import { describe, expect, it } from "vitest";

import {
  decidePage,
  type MappingRule,
  type PlacementRow,
  type StoredPlacement,
} from "@/lib/sync/placement-diff";

const STAGE = 4;
const OTHER_STAGE = 5;

function mapping(overrides: Partial<MappingRule> = {}): MappingRule {
  return {
    id: "mapping-1",
    workspaceId: "workspace-1",
    agentId: "agent-1",
    trackerJobId: 100,
    triggerStatusId: STAGE,
    baselineRecorded: true,
    ...overrides,
  };
}

function row(id: number, statusId: number, jobId = 100): PlacementRow {
  return { id, jobId, candidateId: id + 1000, statusId };
}

function stored(
  entries: [number, number][],
  jobId = 100,
): Map<number, StoredPlacement> {
  return new Map(entries.map(([id, statusId]) => [id, { statusId, jobId }]));
}

describe("decidePage", () => {
  it("pulls a placement that entered the stage", () => {
    const decision = decidePage(
      [row(1, STAGE)],
      [mapping()],
      stored([[1, OTHER_STAGE]]),
    );
    expect(decision.pulls.map((pull) => pull.placement.id)).toEqual([1]);
    expect(decision.changedStates.map((r) => r.id)).toEqual([1]);
  });

  it("pulls a new placement already in the stage", () => {
    const decision = decidePage([row(2, STAGE)], [mapping()], stored([]));
    expect(decision.pulls).toHaveLength(1);
  });

  it("skips a placement that stayed in the stage", () => {
    const decision = decidePage(
      [row(3, STAGE)],
      [mapping()],
      stored([[3, STAGE]]),
    );
    expect(decision.pulls).toHaveLength(0);
    expect(decision.changedStates).toHaveLength(0);
  });

  it("skips other stages and unmapped jobs", () => {
    const decision = decidePage(
      [row(4, OTHER_STAGE), row(5, STAGE, 200)],
      [mapping()],
      stored([]),
    );
    expect(decision.pulls).toHaveLength(0);
    expect(decision.changedStates.map((r) => r.id)).toEqual([4]);
  });

  it("records but does not pull during the baseline", () => {
    const decision = decidePage(
      [row(6, STAGE)],
      [mapping({ baselineRecorded: false })],
      stored([]),
    );
    expect(decision.pulls).toHaveLength(0);
    expect(decision.changedStates).toHaveLength(1);
    expect(decision.scannedByMapping.get("mapping-1")).toBe(1);
  });

  it("serves two mappings of one job", () => {
    const second = mapping({ id: "mapping-2", triggerStatusId: OTHER_STAGE });
    const decision = decidePage(
      [row(7, STAGE), row(8, OTHER_STAGE)],
      [mapping(), second],
      stored([
        [7, 3],
        [8, 3],
      ]),
    );
    const pulls = decision.pulls.map(
      (pull) => `${pull.mapping.id}:${pull.placement.id}`,
    );
    expect(pulls).toEqual(["mapping-1:7", "mapping-2:8"]);
  });

  it("treats a placement moved from another job as new", () => {
    const decision = decidePage(
      [row(9, STAGE)],
      [mapping()],
      stored([[9, STAGE]], 200),
    );
    expect(decision.pulls).toHaveLength(1);
  });

  it("handles a placement repeated on a page once", () => {
    const decision = decidePage(
      [row(10, STAGE), row(10, STAGE)],
      [mapping()],
      stored([]),
    );
    expect(decision.pulls).toHaveLength(1);
    expect(decision.changedStates).toHaveLength(1);
  });
});
