import { beforeAll, describe, expect, test } from "vitest";

import { deriveCriteriaFromJobDescription } from "@/lib/screening/job-criteria";
import { extractResumeText } from "@/lib/screening/resume-text";
import { scoreResume } from "@/lib/screening/resume-scorer";
import type { ResumeCriterion } from "@/lib/screening/workflow";
import { readResume, RESUME_FILES } from "@/tests/fixtures/resume-files";

// The fixtures list "Jan 2021 - Present (3 years)", so they were written in
// early 2024; scoring them as of mid-2024 keeps those figures plausible.
const REFERENCE = new Date("2024-06-15T00:00:00Z");

const SENIOR_REACT_JOB = `Senior React Developer
About the role: We are looking for a Senior React Developer to build and maintain our customer-facing web applications.
Requirements:
- 5+ years of professional frontend development experience, with at least 3 years of React.
- Strong JavaScript and TypeScript skills; HTML5 and CSS3.
- Experience with state management (Redux) and Next.js.
- Testing with Jest and Cypress.
- Experience consuming REST APIs and GraphQL.
Nice to have:
- Node.js, AWS, Docker, CI/CD.`;

const texts = new Map<string, string>();

beforeAll(async () => {
  for (const name of RESUME_FILES) {
    const result = await extractResumeText(readResume(name), name);
    if (!result.ok) throw new Error(`${name}: ${result.message}`);
    texts.set(name, result.text);
  }
});

function textOf(name: string): string {
  const text = texts.get(name);
  if (!text) throw new Error(`no text for ${name}`);
  return text;
}

function criterion(fields: Partial<ResumeCriterion>): ResumeCriterion {
  return {
    id: "criterion",
    name: "Criterion",
    keywords: [],
    match: "any",
    weight: 1,
    dealbreaker: false,
    ...fields,
  };
}

describe("deriveCriteriaFromJobDescription", () => {
  const criteria = deriveCriteriaFromJobDescription(SENIOR_REACT_JOB);
  const byName = new Map(criteria.map((item) => [item.name, item]));

  test("title skill weighs most", () => {
    expect(criteria[0]?.name).toBe("React");
    expect(criteria[0]?.weight).toBe(3);
  });

  test("years attach to their skill", () => {
    expect(byName.get("React")?.minYears).toBe(3);
    expect(byName.get("Frontend development")?.minYears).toBe(5);
  });

  test("nice-to-have skills weigh less", () => {
    expect(byName.get("Node.js")?.weight).toBe(1);
    expect(byName.get("Docker")?.weight).toBe(1);
    expect(byName.get("TypeScript")?.weight).toBe(2);
  });

  test("criteria validate and have unique ids", () => {
    const ids = criteria.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("next-js");
  });

  test("description without skills gets experience", () => {
    const fallback = deriveCriteriaFromJobDescription("Warehouse associate");

    expect(fallback).toHaveLength(1);
    expect(fallback[0]?.minYears).toBe(2);
  });

  test("senior title without years sets five", () => {
    const senior = deriveCriteriaFromJobDescription(
      "Senior Python Engineer\nWe use Django and PostgreSQL.",
    );

    expect(senior.find((item) => item.id === "experience")?.minYears).toBe(5);
  });
});

describe("scoreResume", () => {
  test("senior React job ranks React resumes first", () => {
    const criteria = deriveCriteriaFromJobDescription(SENIOR_REACT_JOB);
    const ranking = RESUME_FILES.map((name) => ({
      name,
      score: scoreResume(textOf(name), criteria, REFERENCE).score,
    })).sort((a, b) => b.score - a.score);
    const order = ranking.map((item) => item.name);

    expect(order[0]).toBe("sarah-johnson-senior-react-developer.pdf");
    expect(order.slice(0, 3).sort()).toEqual([
      "jessica-williams-frontend-engineer.pdf",
      "michael-chen-full-stack-engineer.pdf",
      "sarah-johnson-senior-react-developer.pdf",
    ]);
    expect(order.at(-1)).toBe("emily-rodriguez-data-scientist.pdf");
  });

  test("evidence quotes resume lines", () => {
    const text = textOf("sarah-johnson-senior-react-developer.pdf");
    const result = scoreResume(
      text,
      [
        criterion({
          name: "Redux",
          keywords: [{ term: "Redux", synonyms: [] }],
        }),
      ],
      REFERENCE,
    );
    const lines = text.split("\n");

    expect(result.criteria[0]?.score).toBe(100);
    expect(result.criteria[0]?.evidence.length).toBeGreaterThan(0);
    for (const line of result.criteria[0]?.evidence ?? []) {
      expect(lines).toContain(line);
      expect(line).toMatch(/Redux/);
    }
  });

  test("years come from dated roles", () => {
    const result = scoreResume(
      textOf("sarah-johnson-senior-react-developer.pdf"),
      [
        criterion({
          name: "React experience",
          keywords: [{ term: "React", synonyms: [] }],
          minYears: 5,
        }),
      ],
      REFERENCE,
    );
    const react = result.criteria[0];

    // Jun 2018 - Dec 2020 and Jan 2021 - Present, both mention React.
    expect(react?.years).toBe(6.1);
    expect(react?.met).toBe(true);
    expect(react?.evidence).toContain("Jan 2021 - Present (3 years)");
    expect(react?.evidence).toContain("Jun 2018 - Dec 2020 (2.5 years)");
    expect(result.totalYears).toBe(6.1);
  });

  test("years only count roles naming the skill", () => {
    const result = scoreResume(
      textOf("michael-chen-full-stack-engineer.pdf"),
      [
        criterion({
          name: "React",
          keywords: [{ term: "React", synonyms: [] }],
          minYears: 5,
        }),
      ],
      REFERENCE,
    );

    // Only the Mar 2020 - Present role mentions React.
    expect(result.criteria[0]?.years).toBe(4.3);
    expect(result.criteria[0]?.met).toBe(false);
    expect(result.criteria[0]?.score).toBe(86);
  });

  test("undated skill counts no years", () => {
    const text = [
      "Skills: TypeScript, React",
      "Frontend Developer, Acme",
      "Jan 2019 - Dec 2023",
      "Built React pages.",
    ].join("\n");
    const result = scoreResume(
      text,
      [
        criterion({
          name: "TypeScript",
          keywords: [{ term: "TypeScript", synonyms: [] }],
          minYears: 5,
        }),
      ],
      REFERENCE,
    );

    expect(result.criteria[0]?.matchedKeywords).toEqual(["TypeScript"]);
    expect(result.criteria[0]?.years).toBe(0);
    expect(result.lowlights).toEqual([
      "TypeScript: no dated role or stated years mention it, 5 years required",
    ]);
  });

  test("missing dealbreaker knocks out", () => {
    const result = scoreResume(
      textOf("emily-rodriguez-data-scientist.pdf"),
      [
        criterion({
          id: "react",
          name: "React",
          keywords: [{ term: "React", synonyms: [] }],
          dealbreaker: true,
        }),
        criterion({
          id: "python",
          name: "Python",
          keywords: [{ term: "Python", synonyms: [] }],
        }),
      ],
      REFERENCE,
    );

    expect(result.knockout?.criterionId).toBe("react");
    expect(result.score).toBe(50);
    expect(result.lowlights[0]).toMatch(/React: no mention of React/);
  });

  test("all-match criteria score each keyword", () => {
    const text = textOf("david-kim-backend-developer.pdf");
    const keywords = ["Java", "Kotlin", "Kafka", "Go"].map((term) => ({
      term,
      synonyms: [],
    }));
    const result = scoreResume(
      text,
      [
        criterion({ id: "all", keywords, match: "all" }),
        criterion({ id: "any", keywords, match: "any" }),
      ],
      REFERENCE,
    );
    const [all, any] = result.criteria;

    expect(all?.score).toBe(50);
    expect(all?.met).toBe(false);
    expect(all?.missingKeywords).toEqual(["Kotlin", "Go"]);
    expect(any?.score).toBe(100);
    expect(any?.met).toBe(true);
  });

  test("Java resume does not match JavaScript", () => {
    const result = scoreResume(
      textOf("david-kim-backend-developer.pdf"),
      [criterion({ keywords: [{ term: "JavaScript", synonyms: [] }] })],
      REFERENCE,
    );

    expect(result.criteria[0]?.score).toBe(0);
  });

  test("Postgres synonym finds PostgreSQL", () => {
    const result = scoreResume(
      textOf("michael-chen-full-stack-engineer.pdf"),
      [criterion({ keywords: [{ term: "Postgres", synonyms: [] }] })],
      REFERENCE,
    );

    expect(result.criteria[0]?.score).toBe(100);
    expect(result.criteria[0]?.evidence[0]).toMatch(/PostgreSQL/);
  });

  test("scores are deterministic", () => {
    const criteria = deriveCriteriaFromJobDescription(SENIOR_REACT_JOB);
    const text = textOf("jessica-williams-frontend-engineer.pdf");

    expect(scoreResume(text, criteria, REFERENCE)).toEqual(
      scoreResume(text, criteria, REFERENCE),
    );
  });
});
