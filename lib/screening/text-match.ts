import { findLexiconSkill } from "@/lib/screening/skills-lexicon";
import type { Keyword } from "@/lib/screening/workflow";

/**
 * Whole-word matching of a keyword and its synonyms. "Java" does not match
 * "JavaScript", and "JS" does not match the "js" in "Node.js", because a
 * letter, digit, or a dot joined to one, on either side ends the match.
 */
export type KeywordMatcher = {
  term: string;
  variants: string[];
  test: (text: string) => boolean;
};

// Aliases this short are matched as written ("TS", "Go"), since their
// lower-case forms are common words or fragments.
const EXACT_CASE_MAX_LENGTH = 2;

// "&" joins words too, so "R" does not match the "R" in "R&D".
const BEFORE = String.raw`(?<![\p{L}\p{N}_&]|[\p{L}\p{N}][.])`;
const AFTER = String.raw`(?![\p{L}\p{N}_+#&]|[.][\p{L}\p{N}])`;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function variantPattern(variant: string): string {
  // Words may be split by spaces or hyphens: "Spring Boot", "Spring-Boot".
  return variant
    .trim()
    .split(/[\s-]+/)
    .map(escapeRegExp)
    .join(String.raw`[\s\-]+`);
}

function compile(variants: string[], flags: string): RegExp | null {
  if (variants.length === 0) return null;
  // Longer variants first, so "React JS" is matched whole before "React".
  const sorted = [...variants].sort((a, b) => b.length - a.length);
  const body = sorted.map(variantPattern).join("|");
  return new RegExp(`${BEFORE}(?:${body})${AFTER}`, flags);
}

/** Builds a matcher for a keyword, adding the lexicon's spellings of it. */
export function createKeywordMatcher(keyword: Keyword): KeywordMatcher {
  const folded = new Set<string>();
  const exact = new Set<string>();

  const add = (value: string, exactCase: boolean) => {
    const trimmed = value.trim();
    if (!trimmed) return;
    if (exactCase || trimmed.length <= EXACT_CASE_MAX_LENGTH) {
      exact.add(trimmed);
    } else {
      folded.add(trimmed.toLowerCase());
    }
  };

  const own = [keyword.term, ...keyword.synonyms];
  const skill = own.map(findLexiconSkill).find(Boolean);
  const exactSpellings = skill
    ? [
        ...(skill.caseSensitive ? [skill.name, ...skill.aliases] : []),
        ...(skill.exactAliases ?? []),
      ]
    : [];

  // A term the lexicon matches as written ("rest" for "REST") takes the
  // lexicon's spelling, so a lower-case keyword does not match the word.
  for (const value of own) {
    const spelling = exactSpellings.find(
      (item) => item.toLowerCase() === value.trim().toLowerCase(),
    );
    add(spelling ?? value, spelling !== undefined);
  }

  if (skill) {
    const caseSensitive = skill.caseSensitive ?? false;
    add(skill.name, caseSensitive);
    for (const alias of skill.aliases) add(alias, caseSensitive);
    for (const alias of skill.exactAliases ?? []) add(alias, true);
  }

  const foldedRegex = compile([...folded], "iu");
  const exactRegex = compile([...exact], "u");

  return {
    term: keyword.term,
    variants: [...folded, ...exact],
    test: (text) =>
      (foldedRegex?.test(text) ?? false) || (exactRegex?.test(text) ?? false),
  };
}

/** Returns the indexes of the lines in which the keyword occurs. */
export function findMatchingLines(
  matcher: KeywordMatcher,
  lines: readonly string[],
): number[] {
  const indexes: number[] = [];
  lines.forEach((line, index) => {
    if (matcher.test(line)) indexes.push(index);
  });
  return indexes;
}
