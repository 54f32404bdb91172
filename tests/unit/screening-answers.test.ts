import { describe, expect, test } from "vitest";

import {
  readChoice,
  readNumber,
  readYesNo,
  scoreAnswer,
  scoreAnswers,
} from "@/lib/screening/answer-scorer";
import type { Question } from "@/lib/screening/workflow";

const authorized: Question = {
  id: "authorized",
  type: "yes_no",
  prompt: "Are you authorized to work here?",
  expected: "yes",
  weight: 1,
  dealbreaker: true,
};

const years: Question = {
  id: "years",
  type: "number",
  prompt: "Years of React?",
  min: 3,
  max: 20,
  weight: 2,
  dealbreaker: false,
};

const shift: Question = {
  id: "shift",
  type: "choice",
  prompt: "Which shift?",
  options: ["Morning", "Evening", "Night"],
  accepted: ["Morning", "Evening"],
  weight: 1,
  dealbreaker: false,
};

const stack: Question = {
  id: "stack",
  type: "text",
  prompt: "What did you build last?",
  keywords: [
    { term: "React", synonyms: [] },
    { term: "TypeScript", synonyms: [] },
  ],
  weight: 1,
  dealbreaker: false,
};

describe("readYesNo", () => {
  test.each([
    ["Yes", true],
    ["yep, since 2019", true],
    ["Y", true],
    ["I am", true],
    ["Sure!", true],
    [true, true],
    ["No", false],
    ["nope", false],
    ["I'm not", false],
    ["I don't", false],
    ["Not yet", false],
    [false, false],
    ["maybe later", null],
    ["", null],
    [null, null],
  ])("%j reads as %j", (value, expected) => {
    expect(readYesNo(value)).toBe(expected);
  });
});

describe("readNumber", () => {
  test.each([
    ["5", 5],
    ["about 7 years", 7],
    ["2,5", 2.5],
    ["five", 5],
    [12, 12],
    ["a few", null],
  ])("%j reads as %j", (value, expected) => {
    expect(readNumber(value)).toBe(expected);
  });
});

describe("readChoice", () => {
  const options = ["Morning", "Evening", "Night"];

  test.each([
    ["evening", "Evening"],
    ["2", "Evening"],
    ["I prefer the night shift", "Night"],
    ["Morning or evening", null],
    ["7", null],
    ["weekends", null],
  ])("%j reads as %j", (value, expected) => {
    expect(readChoice(value, options)).toBe(expected);
  });
});

describe("scoreAnswer", () => {
  test("expected yes is accepted", () => {
    const result = scoreAnswer(authorized, "Yes I am");

    expect(result.accepted).toBe(true);
    expect(result.score).toBe(100);
    expect(result.clear).toBe(true);
  });

  test("number outside range is rejected", () => {
    const result = scoreAnswer(years, "2 years");

    expect(result.accepted).toBe(false);
    expect(result.score).toBe(0);
    expect(result.note).toBe("Answered 2; expected at least 3 and at most 20.");
  });

  test("unclear answer is not clear", () => {
    const result = scoreAnswer(authorized, "it depends");

    expect(result.clear).toBe(false);
    expect(result.accepted).toBe(false);
  });

  test("missing answer scores zero", () => {
    const result = scoreAnswer(shift, undefined);

    expect(result.answer).toBeNull();
    expect(result.score).toBe(0);
    expect(result.note).toBe("No answer.");
  });

  test("text scores share of keywords", () => {
    const result = scoreAnswer(stack, "A dashboard in React.js");

    expect(result.score).toBe(50);
    expect(result.accepted).toBe(true);
    expect(result.note).toBe("Mentions React.");
  });
});

describe("scoreAnswers", () => {
  const questions = [authorized, years, shift, stack];

  test("weights answers", () => {
    const result = scoreAnswers(questions, [
      { questionId: "authorized", value: "yes" },
      { questionId: "years", value: "4" },
      { questionId: "shift", value: "Night" },
      { questionId: "stack", value: "TypeScript and React" },
    ]);

    // (100*1 + 100*2 + 0*1 + 100*1) / 5
    expect(result.score).toBe(80);
    expect(result.knockout).toBeNull();
  });

  test("clear wrong dealbreaker knocks out", () => {
    const result = scoreAnswers(questions, [
      { questionId: "authorized", value: "No, I need sponsorship" },
    ]);

    expect(result.knockout?.questionId).toBe("authorized");
  });

  test("unclear dealbreaker does not knock out", () => {
    const result = scoreAnswers(questions, [
      { questionId: "authorized", value: "let me check" },
    ]);

    expect(result.knockout).toBeNull();
    expect(result.answers[0]?.accepted).toBe(false);
  });
});
