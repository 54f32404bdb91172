import { readStatedYearSpans } from "@/lib/screening/experience";
import { SKILLS_LEXICON } from "@/lib/screening/skills-lexicon";
import {
  createKeywordMatcher,
  type KeywordMatcher,
} from "@/lib/screening/text-match";
import type { ResumeCriterion } from "@/lib/screening/workflow";

/**
 * Turns a job description into resume criteria: one per known skill it
 * mentions, weighted by where it appears, plus a years-of-experience
 * requirement when the text states one. Only skills in SKILLS_LEXICON are
 * found, so a description that names none gets a general experience
 * criterion.
 */

export const MAX_DERIVED_CRITERIA = 15;

const TITLE_WEIGHT = 3;
const REQUIRED_WEIGHT = 2;
const PREFERRED_WEIGHT = 1;
const SENIOR_MIN_YEARS = 5;
const DEFAULT_MIN_YEARS = 2;

const PREFERRED =
  /\b(nice to have|bonus|preferred|a plus|plus|familiarity|familiar|optional|ideally)\b/i;
const SENIOR_TITLE = /\b(senior|sr\.?|lead|principal|staff)\b/i;

type Found = {
  name: string;
  firstIndex: number;
  weight: number;
  minYears?: number;
};

let lexiconMatchers: KeywordMatcher[] | null = null;

function getLexiconMatchers(): KeywordMatcher[] {
  lexiconMatchers ??= SKILLS_LEXICON.map((skill) =>
    createKeywordMatcher({ term: skill.name, synonyms: [] }),
  );
  return lexiconMatchers;
}

function splitSentences(description: string): string[] {
  return description
    .split(/\n+|(?<=[.!?;])\s+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/\+/g, "plus")
    .replace(/#/g, "sharp")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return slug || "skill";
}

function experienceCriterion(minYears: number): ResumeCriterion {
  return {
    id: "experience",
    name: "Professional experience",
    keywords: [],
    match: "any",
    weight: REQUIRED_WEIGHT,
    dealbreaker: false,
    minYears,
  };
}

type Sentence = { text: string; index: number; preferred: boolean };

// A heading such as "Nice to have:" marks the lines under it as preferred
// until the next heading.
function readSentences(description: string): Sentence[] {
  const sentences: Sentence[] = [];
  let underPreferredHeading = false;
  for (const text of splitSentences(description)) {
    const isHeading = text.endsWith(":") && text.length <= 60;
    if (isHeading) underPreferredHeading = PREFERRED.test(text);
    sentences.push({
      text,
      index: sentences.length,
      preferred: underPreferredHeading || PREFERRED.test(text),
    });
  }
  return sentences;
}

function findSkillIn(text: string, found: Map<string, Found>) {
  return [...found.values()]
    .filter((item) =>
      createKeywordMatcher({ term: item.name, synonyms: [] }).test(text),
    )
    .sort((a, b) => b.weight - a.weight || a.firstIndex - b.firstIndex)[0];
}

/** Derives resume criteria from a job description. */
export function deriveCriteriaFromJobDescription(
  description: string,
): ResumeCriterion[] {
  const sentences = readSentences(description);
  const title = sentences[0]?.text ?? "";
  const found = new Map<string, Found>();

  for (const sentence of sentences) {
    for (const matcher of getLexiconMatchers()) {
      if (!matcher.test(sentence.text)) continue;

      const weight =
        sentence.index === 0
          ? TITLE_WEIGHT
          : sentence.preferred
            ? PREFERRED_WEIGHT
            : REQUIRED_WEIGHT;
      const previous = found.get(matcher.term);
      found.set(matcher.term, {
        name: matcher.term,
        firstIndex: previous?.firstIndex ?? sentence.index,
        weight: Math.max(previous?.weight ?? 0, weight),
        minYears: previous?.minYears,
      });
    }
  }

  // "5+ years of React" sets a minimum on the skill named after the figure;
  // "5+ years of experience" alone becomes a general requirement.
  let generalYears: number | null = null;
  for (const sentence of sentences) {
    for (const span of readStatedYearSpans(sentence.text)) {
      const skill = findSkillIn(span.text, found);
      if (skill) skill.minYears = Math.max(skill.minYears ?? 0, span.years);
      else generalYears = Math.max(generalYears ?? 0, span.years);
    }
  }

  const criteria: ResumeCriterion[] = [...found.values()]
    .sort((a, b) => b.weight - a.weight || a.firstIndex - b.firstIndex)
    .slice(0, MAX_DERIVED_CRITERIA)
    .map((item) => ({
      id: slugify(item.name),
      name: item.name,
      keywords: [{ term: item.name, synonyms: [] }],
      match: "any",
      weight: item.weight,
      dealbreaker: false,
      ...(item.minYears !== undefined ? { minYears: item.minYears } : {}),
    }));

  const hasYears = criteria.some((item) => item.minYears !== undefined);
  if (generalYears !== null) {
    criteria.push(experienceCriterion(generalYears));
  } else if (!hasYears && SENIOR_TITLE.test(title)) {
    criteria.push(experienceCriterion(SENIOR_MIN_YEARS));
  } else if (criteria.length === 0) {
    criteria.push(experienceCriterion(DEFAULT_MIN_YEARS));
  }
  return criteria;
}
