import {
  countMergedMonths,
  findDatedRoles,
  monthsToYears,
  readStatedYears,
  type DatedRole,
} from "@/lib/screening/experience";
import type { CriterionScore } from "@/lib/screening/result";
import { weightedAverage } from "@/lib/screening/scorer";
import {
  createKeywordMatcher,
  findMatchingLines,
  type KeywordMatcher,
} from "@/lib/screening/text-match";
import type { ResumeCriterion } from "@/lib/screening/workflow";

/**
 * Deterministic resume scoring: each criterion scores 0-100 from the
 * keywords found (whole words, with synonyms) and, when it sets a minimum,
 * the years of dated roles that mention them. Every score carries the
 * resume lines it rests on.
 */

export type ResumeScore = {
  score: number;
  criteria: CriterionScore[];
  // The first dealbreaker criterion that is not met, if any.
  knockout: CriterionScore | null;
  totalYears: number;
  highlights: string[];
  lowlights: string[];
};

const MAX_EVIDENCE_LINES = 6;
const MAX_EVIDENCE_LENGTH = 240;

function roleMentions(
  role: DatedRole,
  lines: readonly string[],
  matchers: KeywordMatcher[],
): boolean {
  for (let index = role.firstLine; index <= role.lastLine; index += 1) {
    const line = lines[index] ?? "";
    if (matchers.some((matcher) => matcher.test(line))) return true;
  }
  return false;
}

function readYears(
  lines: readonly string[],
  roles: DatedRole[],
  matchers: KeywordMatcher[],
) {
  const relevant =
    matchers.length === 0
      ? roles
      : roles.filter((role) => roleMentions(role, lines, matchers));
  if (relevant.length > 0) {
    return {
      years: monthsToYears(countMergedMonths(relevant)),
      evidenceLines: relevant.map((role) => role.dateLine),
    };
  }

  // No dated role mentions the skill. A stated figure ("6+ years of React")
  // on a line that names it is the only remaining source.
  let best: { years: number; line: number } | null = null;
  lines.forEach((line, index) => {
    const mentions =
      matchers.length === 0 || matchers.some((matcher) => matcher.test(line));
    const stated = mentions ? readStatedYears(line) : null;
    if (stated !== null && (!best || stated > best.years)) {
      best = { years: stated, line: index };
    }
  });
  const found = best as { years: number; line: number } | null;
  return found
    ? { years: found.years, evidenceLines: [found.line] }
    : { years: 0, evidenceLines: [] };
}

function clip(line: string): string {
  return line.length > MAX_EVIDENCE_LENGTH
    ? `${line.slice(0, MAX_EVIDENCE_LENGTH - 1)}…`
    : line;
}

/** Scores one criterion against a resume's lines and dated roles. */
export function scoreCriterion(
  criterion: ResumeCriterion,
  lines: readonly string[],
  roles: DatedRole[],
): CriterionScore {
  const matchers = criterion.keywords.map(createKeywordMatcher);
  const hits = matchers.map((matcher) => findMatchingLines(matcher, lines));
  const matched = criterion.keywords.filter((_, index) => hits[index]?.length);
  const missing = criterion.keywords.filter((_, index) => !hits[index]?.length);

  const total = criterion.keywords.length;
  let keywordShare = 1;
  let keywordsMet = true;
  if (total > 0 && criterion.match === "any") {
    keywordShare = matched.length > 0 ? 1 : 0;
    keywordsMet = matched.length > 0;
  } else if (total > 0) {
    keywordShare = matched.length / total;
    keywordsMet = matched.length === total;
  }

  const minYears = criterion.minYears ?? null;
  let years: number | null = null;
  let yearsShare = 1;
  let yearLines: number[] = [];
  if (minYears !== null) {
    const found = readYears(lines, roles, matchers);
    years = found.years;
    yearLines = found.evidenceLines;
    yearsShare = minYears === 0 ? 1 : Math.min(1, years / minYears);
  }
  const yearsMet = minYears === null || (years ?? 0) >= minYears;

  const keywordLines = [...new Set(hits.flat())].sort((a, b) => a - b);
  const evidence = [...new Set([...keywordLines.slice(0, 4), ...yearLines])]
    .slice(0, MAX_EVIDENCE_LINES)
    .sort((a, b) => a - b)
    .map((index) => clip(lines[index] ?? ""));

  return {
    criterionId: criterion.id,
    name: criterion.name,
    score: Math.round(100 * keywordShare * yearsShare),
    weight: criterion.weight,
    met: keywordsMet && yearsMet,
    dealbreaker: criterion.dealbreaker,
    matchedKeywords: matched.map((keyword) => keyword.term),
    missingKeywords: missing.map((keyword) => keyword.term),
    years,
    minYears,
    evidence,
  };
}

function describeStrength(criterion: CriterionScore): string {
  const found = criterion.matchedKeywords;
  const mentions =
    found.length === 0
      ? criterion.name
      : found.length === 1 && found[0] === criterion.name
        ? `Mentions ${criterion.name}`
        : `${criterion.name}: mentions ${found.join(", ")}`;
  return criterion.years !== null
    ? `${mentions} (${criterion.years} years)`
    : mentions;
}

function describeGap(criterion: CriterionScore): string {
  if (criterion.missingKeywords.length > 0) {
    return `${criterion.name}: no mention of ${criterion.missingKeywords.join(", ")}`;
  }
  // Years come only from dated roles or a stated figure on a line that
  // names the skill, so a skill listed without either counts none.
  if (!criterion.years) {
    return `${criterion.name}: no dated role or stated years mention it, ${criterion.minYears} years required`;
  }
  return `${criterion.name}: ${criterion.years} of ${criterion.minYears} years required`;
}

/**
 * Scores resume text against criteria. `referenceDate` is the "now" for
 * "Present" in dated roles, so results do not drift with the wall clock.
 */
export function scoreResume(
  text: string,
  criteria: readonly ResumeCriterion[],
  referenceDate: Date,
): ResumeScore {
  const lines = text.split("\n");
  const roles = findDatedRoles(lines, referenceDate);
  const scores = criteria.map((criterion) =>
    scoreCriterion(criterion, lines, roles),
  );

  const ranked = [...scores].sort(
    (a, b) => b.weight - a.weight || b.score - a.score,
  );
  return {
    score: weightedAverage(scores) ?? 0,
    criteria: scores,
    knockout: scores.find((item) => item.dealbreaker && !item.met) ?? null,
    totalYears: monthsToYears(countMergedMonths(roles)),
    highlights: ranked
      .filter((item) => item.met && item.score > 0)
      .slice(0, 3)
      .map(describeStrength),
    lowlights: ranked
      .filter((item) => !item.met)
      .slice(0, 3)
      .map(describeGap),
  };
}
