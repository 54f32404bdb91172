import { describe, expect, test } from "vitest";

import {
  createKeywordMatcher,
  findMatchingLines,
} from "@/lib/screening/text-match";

function matches(term: string, text: string, synonyms: string[] = []) {
  return createKeywordMatcher({ term, synonyms }).test(text);
}

describe("createKeywordMatcher", () => {
  test.each([
    ["PostgreSQL", "Data in Postgres 15 with logical replication"],
    ["PostgreSQL", "postgresql tuning"],
    ["JavaScript", "Wrote JS for ten years"],
    ["JavaScript", "ES6 modules and bundling"],
    ["React", "Built the UI in React.js"],
    ["React", "ReactJS, hooks and context"],
    ["React", "react js developer"],
    ["TypeScript", "Strict TS everywhere"],
    ["TS", "Migrated the codebase to TypeScript"],
    ["Kubernetes", "Ran services on k8s"],
    ["k8s", "Kubernetes operators"],
    ["Node.js", "APIs in NodeJS and Express"],
    ["Spring Boot", "Spring-Boot services"],
    ["Go", "Services written in Golang"],
    ["C#", "Backend in C# and .NET"],
    ["CI/CD", "continuous integration with GitHub Actions"],
    ["rest", "Designed REST endpoints"],
    ["express", "APIs in Express.js"],
  ])("%s matches %j", (term, text) => {
    expect(matches(term, text)).toBe(true);
  });

  test.each([
    ["Java", "JavaScript and TypeScript"],
    ["Java", "Worked with javascript"],
    ["JavaScript", "Node.js services"],
    ["JavaScript", "Vue.js front end"],
    ["TypeScript", "its tests and ts files"],
    ["React", "Reactive streams"],
    ["Go", "I go to meetups"],
    ["R", "R&D budget"],
    ["SQL", "PostgreSQL"],
    ["Next.js", "next steps"],
    ["REST", "the rest of the team"],
    ["rest", "the rest of the team"],
    ["Express", "express delivery"],
    ["Jest", "said in jest"],
    ["Node.js", "each node in the cluster"],
    ["go", "ready to go"],
  ])("%s does not match %j", (term, text) => {
    expect(matches(term, text)).toBe(false);
  });

  test("own synonyms count", () => {
    expect(matches("Payments", "Stripe integration", ["Stripe"])).toBe(true);
    expect(matches("Payments", "Stripes on a flag", ["Stripe"])).toBe(false);
  });

  test("matching ignores case for long terms", () => {
    expect(matches("Docker", "DOCKER and docker-compose")).toBe(true);
  });

  test("words may be split by hyphens", () => {
    expect(matches("machine learning", "machine-learning pipelines")).toBe(
      true,
    );
  });

  test("findMatchingLines returns line indexes", () => {
    const lines = ["Java developer", "JavaScript on the side", "Java 17"];
    const matcher = createKeywordMatcher({ term: "Java", synonyms: [] });

    expect(findMatchingLines(matcher, lines)).toEqual([0, 2]);
  });
});
