import { describe, expect, test } from "vitest";

import { combineSteps } from "@/lib/screening/combine-steps";
import { screeningResultSchema } from "@/lib/screening/result";
import { extractResumeText } from "@/lib/screening/resume-text";
import {
  createStepResult,
  type QuestionStepInput,
  type StepScorer,
} from "@/lib/screening/scorer";
import { screenCandidate } from "@/lib/screening/screen-candidate";
import {
  createDefaultWorkflow,
  createStep,
  createWorkflowFromKinds,
  STEP_KINDS,
  workflowSchema,
  type Workflow,
} from "@/lib/screening/workflow";
import { buildBlankPdf, readResume } from "@/tests/fixtures/resume-files";

const REFERENCE = new Date("2024-06-15T12:00:00Z");
const JOB = "Senior React Developer\nReact, TypeScript and Redux.";

const answered = (
  answers: QuestionStepInput["answers"],
): QuestionStepInput & { kind: "form" } => ({
  kind: "form",
  status: "answered",
  answers,
  completedAt: new Date("2024-06-16T09:30:00Z"),
});

const goodForm = answered([
  { questionId: "work-authorization", value: "yes" },
  { questionId: "years-experience", value: "6" },
  { questionId: "motivation", value: "I like the product." },
]);

async function sarahResume() {
  return {
    kind: "resume" as const,
    resume: await extractResumeText(
      readResume("sarah-johnson-senior-react-developer.pdf"),
    ),
  };
}

describe("workflowSchema", () => {
  test("default workflow is valid", () => {
    expect(workflowSchema.safeParse(createDefaultWorkflow()).success).toBe(
      true,
    );
  });

  test.each(STEP_KINDS)("new %s step is valid", (kind) => {
    const workflow = {
      ...createDefaultWorkflow(),
      steps: [createStep(kind, "a")],
    };

    expect(workflowSchema.safeParse(workflow).success).toBe(true);
  });

  test("rejects empty steps", () => {
    const result = workflowSchema.safeParse({
      ...createDefaultWorkflow(),
      steps: [],
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Add at least one step.");
  });

  test("rejects duplicate step ids", () => {
    const workflow = createDefaultWorkflow();
    const steps = [createStep("resume", "same"), createStep("form", "same")];
    const result = workflowSchema.safeParse({ ...workflow, steps });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["steps", 1, "id"]);
  });

  test.each([
    ["passing score over 100", { passingScore: 101 }],
    ["zero deadline", { deadlineHours: 0 }],
  ])("rejects %s", (_name, change) => {
    const result = workflowSchema.safeParse({
      ...createDefaultWorkflow(),
      ...change,
    });

    expect(result.success).toBe(false);
  });

  test("rejects reversed sending hours", () => {
    const workflow = createDefaultWorkflow();
    const form = workflow.steps[1];
    if (form?.kind !== "form") throw new Error("default has no form step");
    form.reminders.sendingHours = { start: 18, end: 9 };

    const result = workflowSchema.safeParse(workflow);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/end after it starts/);
  });

  test("rejects accepted value not in options", () => {
    const workflow = createDefaultWorkflow();
    workflow.steps = [
      {
        id: "sms",
        kind: "voice",
        weight: 1,
        questions: [
          {
            id: "shift",
            type: "choice",
            prompt: "Shift?",
            options: ["Day", "Night"],
            accepted: ["Weekend"],
            weight: 1,
            dealbreaker: false,
          },
        ],
      },
    ];

    expect(workflowSchema.safeParse(workflow).success).toBe(false);
  });
});

describe("createWorkflowFromKinds", () => {
  test("builds valid steps in order", () => {
    const workflow = createWorkflowFromKinds(["sms", "resume", "voice"]);

    expect(workflow.steps.map((step) => step.kind)).toEqual([
      "sms",
      "resume",
      "voice",
    ]);
    expect(workflowSchema.safeParse(workflow).success).toBe(true);
  });

  test("repeated kinds get unique ids", () => {
    const workflow = createWorkflowFromKinds(["form", "form"]);

    expect(workflow.steps.map((step) => step.id)).toEqual(["form", "form-2"]);
    expect(workflowSchema.safeParse(workflow).success).toBe(true);
  });
});

describe("combineSteps", () => {
  const workflow: Workflow = createDefaultWorkflow();
  const [resumeStep, formStep] = workflow.steps;
  if (!resumeStep || !formStep) throw new Error("default workflow changed");

  test("weights step scores", () => {
    const result = combineSteps(workflow, [
      createStepResult(resumeStep, { score: 50 }),
      createStepResult(formStep, { score: 100 }),
    ]);

    // (50 * 60 + 100 * 40) / 100
    expect(result.overallScore).toBe(70);
    expect(result.status).toBe("completed");
    expect(result.passed).toBe(true);
    expect(result.summary).toMatch(/Scored 70\/100/);
  });

  test("knockout ends the workflow", () => {
    const result = combineSteps(workflow, [
      createStepResult(resumeStep, {
        status: "knocked_out",
        score: 90,
        reason: "No React.",
      }),
    ]);

    expect(result.status).toBe("knocked_out");
    expect(result.overallScore).toBe(0);
    expect(result.passed).toBe(false);
    expect(result.steps[1]?.status).toBe("skipped");
    expect(result.summary).toMatch(/Knocked out at the resume review step/);
  });

  test("no resume text is not a zero", () => {
    const result = combineSteps(workflow, [
      createStepResult(resumeStep, { status: "no_resume_text" }),
    ]);

    expect(result.status).toBe("no_resume_text");
    expect(result.overallScore).toBeNull();
    expect(result.passed).toBe(false);
  });

  test("no response leaves score null", () => {
    const result = combineSteps(workflow, [
      createStepResult(resumeStep, { score: 80 }),
      createStepResult(formStep, { status: "no_response" }),
    ]);

    expect(result.status).toBe("no_response");
    expect(result.overallScore).toBeNull();
    expect(result.steps[0]?.score).toBe(80);
  });

  test("missing result before the end throws", () => {
    expect(() =>
      combineSteps(workflow, [createStepResult(resumeStep, { score: 80 })]),
    ).toThrow(/Step "form" has no result yet/);
  });
});

describe("screenCandidate", () => {
  test("screens resume and form", async () => {
    const result = await screenCandidate(
      createDefaultWorkflow(),
      { resume: await sarahResume(), form: goodForm },
      { referenceDate: REFERENCE, jobDescription: JOB },
    );

    expect(result.status).toBe("completed");
    expect(result.steps[0]?.criteria.map((item) => item.name)).toContain(
      "React",
    );
    expect(result.steps[1]?.answers).toHaveLength(3);
    expect(result.completedAt).toBe("2024-06-16T09:30:00.000Z");
    expect(screeningResultSchema.safeParse(result).success).toBe(true);
  });

  test("blank resume ends with no_resume_text", async () => {
    const resume = await extractResumeText(await buildBlankPdf());
    const result = await screenCandidate(
      createDefaultWorkflow(),
      { resume: { kind: "resume", resume } },
      { referenceDate: REFERENCE, jobDescription: JOB },
    );

    expect(result.status).toBe("no_resume_text");
    expect(result.overallScore).toBeNull();
    expect(result.steps[0]?.reason).toMatch(/no readable text/);
    expect(result.steps[1]?.status).toBe("skipped");
  });

  test("form dealbreaker knocks out", async () => {
    const result = await screenCandidate(
      createDefaultWorkflow(),
      {
        resume: await sarahResume(),
        form: answered([{ questionId: "work-authorization", value: "no" }]),
      },
      { referenceDate: REFERENCE, jobDescription: JOB },
    );

    expect(result.status).toBe("knocked_out");
    expect(result.steps[1]?.reason).toMatch(/authorized/);
  });

  test("custom scorer replaces built-in", async () => {
    const fixedResume: StepScorer<"resume"> = {
      kind: "resume",
      score: async (step) => createStepResult(step, { score: 42 }),
    };
    const result = await screenCandidate(
      createDefaultWorkflow(),
      { resume: await sarahResume(), form: goodForm },
      { referenceDate: REFERENCE },
      { resume: fixedResume },
    );

    expect(result.steps[0]?.score).toBe(42);
  });

  test("input of the wrong kind throws", async () => {
    await expect(
      screenCandidate(
        createDefaultWorkflow(),
        { resume: goodForm },
        { referenceDate: REFERENCE },
      ),
    ).rejects.toThrow(/is a resume step but its input is for a form step/);
  });
});
