import { describe, expect, test } from "vitest";

import {
  countMergedMonths,
  findDatedRoles,
  monthsToYears,
  parseDateRange,
  readStatedYearSpans,
} from "@/lib/screening/experience";

const REFERENCE = new Date("2024-06-15T00:00:00Z");

function monthsOf(line: string) {
  const range = parseDateRange(line, REFERENCE);
  return range ? range.endMonth - range.startMonth : null;
}

describe("parseDateRange", () => {
  test.each([
    ["Jan 2019 - Present", 66],
    ["January 2019 – present", 66],
    ["Jan 2019 - Dec 2019", 12],
    ["Sept. 2020 to Aug 2021", 12],
    ["2017–2020", 36],
    ["2017 - 2017", 12],
    ["03/2018 to 06/2021", 40],
    ["3/2018 – 6/2021", 40],
    ["Jun 2017 - Dec 2018 (1.5 years)", 19],
    ["Engineer, Acme — 2015—2016", 12],
    ["Mar 2023 - Current", 16],
    ["May 2022 – now", 26],
  ])("%s is %i months", (line, months) => {
    expect(monthsOf(line)).toBe(months);
  });

  test("present counts up to the reference date", () => {
    const early = parseDateRange("Jan 2020 - Present", new Date("2021-01-05"));
    const late = parseDateRange("Jan 2020 - Present", new Date("2023-01-05"));

    expect(early).not.toBeNull();
    expect(late).not.toBeNull();
    expect((early?.endMonth ?? 0) - (early?.startMonth ?? 0)).toBe(13);
    expect((late?.endMonth ?? 0) - (late?.startMonth ?? 0)).toBe(37);
  });

  test("future end dates stop at the reference", () => {
    expect(monthsOf("Jan 2024 - Dec 2026")).toBe(6);
  });

  test.each([
    ["555-456-7890"],
    ["Graduated 2017"],
    ["13/2018 - 06/2021"],
    ["Present - 2019"],
    ["2021 - 2019"],
  ])("%s is not a range", (line) => {
    expect(parseDateRange(line, REFERENCE)).toBeNull();
  });
});

describe("findDatedRoles", () => {
  const resume = [
    "Jane Doe",
    "WORK EXPERIENCE",
    "Senior Engineer - Acme",
    "Jan 2020 - Present",
    "• Built React apps",
    "Engineer - Beta Corp",
    "Jun 2018 - Mar 2020",
    "• Wrote Java services",
    "Contractor, Gamma — 2019–2021",
    "• Kubernetes migrations",
    "EDUCATION",
    "BSc Computer Science",
    "2014 - 2018",
  ];

  test("reads roles and skips education", () => {
    const roles = findDatedRoles(resume, REFERENCE);

    expect(roles).toHaveLength(3);
    expect(roles.map((role) => role.dateLine)).toEqual([3, 6, 8]);
  });

  test("roles span title to next role", () => {
    const roles = findDatedRoles(resume, REFERENCE);

    expect(roles[0]).toMatchObject({ firstLine: 2, lastLine: 4 });
    expect(roles[1]).toMatchObject({ firstLine: 5, lastLine: 7 });
    expect(roles[2]).toMatchObject({ firstLine: 8, lastLine: 9 });
  });

  test("overlapping roles count once", () => {
    const roles = findDatedRoles(resume, REFERENCE);
    const months = countMergedMonths(roles);

    // Jun 2018 to Jun 2024 inclusive, with the overlaps merged.
    expect(months).toBe(73);
    expect(monthsToYears(months)).toBe(6.1);
  });

  test("gaps between roles are not counted", () => {
    const roles = findDatedRoles(
      ["Jan 2010 - Dec 2010", "Jan 2015 - Dec 2015"],
      REFERENCE,
    );

    expect(countMergedMonths(roles)).toBe(24);
  });

  test("no roles gives zero months", () => {
    expect(countMergedMonths([])).toBe(0);
  });
});

describe("readStatedYearSpans", () => {
  test("pairs each figure with its words", () => {
    const spans = readStatedYearSpans(
      "5+ years of frontend work, with at least 3 years of React",
    );

    expect(spans.map((span) => span.years)).toEqual([5, 3]);
    expect(spans[0]?.text).toContain("frontend");
    expect(spans[0]?.text).not.toContain("React");
    expect(spans[1]?.text).toContain("React");
  });
});
