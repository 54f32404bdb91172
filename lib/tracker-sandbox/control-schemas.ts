import { z } from "zod";

import { FIXTURE_RESUMES } from "@/lib/tracker-sandbox/seed/resumes";

/**
 * Inputs of the control operations, shared by the `/_sandbox/` routes and
 * the in-process `SandboxState` methods so both reject the same values.
 */

const id = z.number().int().positive();

export const movePlacementSchema = z.object({ statusId: id }).strict();

export const bulkMoveSchema = z
  .object({
    toStatusId: id,
    count: z.number().int().min(1).max(100_000),
    /** Only move placements on this job. */
    jobId: id.optional(),
    /** Only move placements currently in this status. */
    fromStatusId: id.optional(),
  })
  .strict();

const uploadedResume = z
  .object({
    filename: z.string().min(1),
    /** Base64 file content. */
    filecontent: z.string().min(1),
    documentType: z.string().min(1).default("Resume"),
  })
  .strict();

export const addApplicantSchema = z
  .object({
    jobId: id,
    firstName: z.string().min(1),
    surname: z.string().min(1),
    email: z.string().nullable().optional(),
    mobilePhone: z.string().nullable().optional(),
    telephone: z.string().nullable().optional(),
    /** Defaults to the first status of the database's list. */
    statusId: id.optional(),
    /**
     * "docx" builds a DOCX resume from the other fields, a fixture name
     * attaches that PDF, an object attaches the given file, "none" or
     * absent attaches nothing.
     */
    resume: z
      .union([
        z.literal("none"),
        z.literal("docx"),
        z.enum(FIXTURE_RESUMES),
        uploadedResume,
      ])
      .optional(),
    skills: z.array(z.string()).optional(),
  })
  .strict();

export const bulkAddSchema = z
  .object({
    jobId: id,
    count: z.number().int().min(1).max(100_000),
    /** Defaults to the first status of the database's list. */
    statusId: id.optional(),
  })
  .strict();

export const createJobSchema = z
  .object({
    name: z.string().min(1),
    clientName: z.string().min(1).optional(),
    status: z.string().min(1).optional(),
    location: z.string().optional(),
    closed: z.boolean().optional(),
    filled: z.boolean().optional(),
  })
  .strict();

export const advanceClockSchema = z
  .object({ ms: z.number().int().min(0) })
  .strict();

export type MovePlacementInput = z.infer<typeof movePlacementSchema>;
export type BulkMoveInput = z.infer<typeof bulkMoveSchema>;
export type AddApplicantInput = z.input<typeof addApplicantSchema>;
export type AddApplicantOutput = z.output<typeof addApplicantSchema>;
export type BulkAddInput = z.infer<typeof bulkAddSchema>;
export type CreateJobInput = z.infer<typeof createJobSchema>;
