import type { AnswerScore } from "@/lib/screening/result";
import { weightedAverage } from "@/lib/screening/scorer";
import { createKeywordMatcher } from "@/lib/screening/text-match";
import type { Question } from "@/lib/screening/workflow";

/**
 * Scores answers to form, SMS and voice questions. Form answers arrive
 * typed, but SMS replies and voice transcripts arrive as free text, so each
 * type also reads text ("yep", "about 5 years", "option 2"). Only a clear
 * answer that is not accepted knocks a candidate out on a dealbreaker: an
 * unreadable or missing answer scores 0 and is flagged instead.
 */

export type CandidateAnswer = {
  questionId: string;
  value: string | number | boolean | null;
};

export type AnswerReading = AnswerScore & {
  // Whether the answer could be read as a value of the question's type.
  clear: boolean;
};

export type AnswersScore = {
  score: number;
  answers: AnswerReading[];
  knockout: AnswerReading | null;
};

const YES_WORDS = new Set([
  "yes",
  "y",
  "yeah",
  "yea",
  "yep",
  "yup",
  "sure",
  "correct",
  "true",
  "absolutely",
  "definitely",
  "certainly",
  "affirmative",
  "ok",
  "okay",
]);
const NO_WORDS = new Set([
  "no",
  "n",
  "nope",
  "nah",
  "false",
  "negative",
  "never",
  "not",
]);
const AGREEING_VERBS = new Set(["am", "do", "have", "can", "will"]);

const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  none: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
};

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean);
}

/** Reads a yes or no from an answer, or null when it is neither. */
export function readYesNo(value: CandidateAnswer["value"]): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (value === 1) return true;
    if (value === 0) return false;
    return null;
  }
  if (!value) return null;

  const tokens = words(value);
  const first = tokens[0] ?? "";
  if (YES_WORDS.has(first)) return true;
  if (NO_WORDS.has(first)) return false;

  const negated = tokens.some(
    (token) => NO_WORDS.has(token) || token.endsWith("n't"),
  );
  if (negated) return false;
  if (
    tokens.some((token) => YES_WORDS.has(token) || AGREEING_VERBS.has(token))
  ) {
    return true;
  }
  return null;
}

/** Reads the first number in an answer ("about 5 years", "five"). */
export function readNumber(value: CandidateAnswer["value"]): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;

  const digits = value.match(/-?\d+(?:[.,]\d+)?/)?.[0];
  if (digits) return Number(digits.replace(",", "."));
  const word = words(value).find((token) => token in NUMBER_WORDS);
  return word === undefined ? null : (NUMBER_WORDS[word] ?? null);
}

/** Reads which option an answer picks: by name, by number, or by mention. */
export function readChoice(
  value: CandidateAnswer["value"],
  options: readonly string[],
): string | null {
  if (value === null || typeof value === "boolean") return null;
  const text = String(value).trim();

  const exact = options.find(
    (option) => option.toLowerCase() === text.toLowerCase(),
  );
  if (exact) return exact;

  if (/^\d{1,2}$/.test(text)) return options[Number(text) - 1] ?? null;

  const mentioned = options.filter((option) =>
    createKeywordMatcher({ term: option, synonyms: [] }).test(text),
  );
  // Naming two options is not a choice.
  return mentioned.length === 1 ? (mentioned[0] ?? null) : null;
}

function reading(
  question: Question,
  answer: string | null,
  fields: Pick<AnswerReading, "score" | "accepted" | "clear" | "note">,
): AnswerReading {
  return {
    questionId: question.id,
    prompt: question.prompt,
    answer,
    weight: question.weight,
    dealbreaker: question.dealbreaker,
    ...fields,
  };
}

/** Scores one answer against its question. */
export function scoreAnswer(
  question: Question,
  value: CandidateAnswer["value"] | undefined,
): AnswerReading {
  const answer =
    value === null || value === undefined ? null : String(value).trim();
  if (answer === null || answer === "") {
    return reading(question, null, {
      score: 0,
      accepted: false,
      clear: false,
      note: "No answer.",
    });
  }

  const unclear = (note: string) =>
    reading(question, answer, {
      score: 0,
      accepted: false,
      clear: false,
      note,
    });
  const judged = (accepted: boolean, note: string, score?: number) =>
    reading(question, answer, {
      score: score ?? (accepted ? 100 : 0),
      accepted,
      clear: true,
      note,
    });

  switch (question.type) {
    case "yes_no": {
      const yes = readYesNo(value ?? null);
      if (yes === null) return unclear("The answer is not a clear yes or no.");
      const reply = yes ? "yes" : "no";
      return judged(
        reply === question.expected,
        `Answered ${reply}; expected ${question.expected}.`,
      );
    }
    case "number": {
      const number = readNumber(value ?? null);
      if (number === null) return unclear("The answer contains no number.");
      const low = question.min ?? -Infinity;
      const high = question.max ?? Infinity;
      const range = [
        question.min !== undefined ? `at least ${question.min}` : "",
        question.max !== undefined ? `at most ${question.max}` : "",
      ]
        .filter(Boolean)
        .join(" and ");
      return judged(
        number >= low && number <= high,
        `Answered ${number}${range ? `; expected ${range}` : ""}.`,
      );
    }
    case "choice": {
      const choice = readChoice(value ?? null, question.options);
      if (choice === null)
        return unclear("The answer matches none of the options.");
      return judged(
        question.accepted.includes(choice),
        `Chose ${choice}; accepted: ${question.accepted.join(", ")}.`,
      );
    }
    case "text": {
      if (question.keywords.length === 0) return judged(true, "Answered.");
      const found = question.keywords.filter((keyword) =>
        createKeywordMatcher(keyword).test(answer),
      );
      const share = found.length / question.keywords.length;
      const note = found.length
        ? `Mentions ${found.map((keyword) => keyword.term).join(", ")}.`
        : "Mentions none of the expected keywords.";
      return judged(found.length > 0, note, Math.round(100 * share));
    }
  }
}

/** Scores a step's answers; questions with no answer score 0. */
export function scoreAnswers(
  questions: readonly Question[],
  answers: readonly CandidateAnswer[],
): AnswersScore {
  const byQuestion = new Map(
    answers.map((answer) => [answer.questionId, answer.value]),
  );
  const readings = questions.map((question) =>
    scoreAnswer(question, byQuestion.get(question.id)),
  );
  return {
    score: weightedAverage(readings) ?? 0,
    answers: readings,
    knockout:
      readings.find(
        (item) => item.dealbreaker && item.clear && !item.accepted,
      ) ?? null,
  };
}
