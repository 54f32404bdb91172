import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { createDocx } from "@/lib/tracker-sandbox/seed/docx";

/** Resume PDFs shipped in ../fixtures (see the README there for origin). */
export const FIXTURE_RESUMES = [
  "sarah-johnson-senior-react-developer.pdf",
  "jessica-williams-frontend-engineer.pdf",
  "michael-chen-full-stack-engineer.pdf",
  "david-kim-backend-developer.pdf",
  "emily-rodriguez-data-scientist.pdf",
] as const;

export type FixtureResume = (typeof FIXTURE_RESUMES)[number];

const fixtureCache = new Map<FixtureResume, Buffer>();

export function readFixtureResume(name: FixtureResume): Buffer {
  let content = fixtureCache.get(name);
  if (!content) {
    const url = new URL(`../fixtures/${name}`, import.meta.url);
    content = readFileSync(fileURLToPath(url));
    fixtureCache.set(name, content);
  }
  return content;
}

export type ResumeProfile = {
  fullName: string;
  email: string | null;
  phone: string | null;
  town: string | null;
  headline: string;
  years: number;
  skills: string[];
  employer: string;
};

/** A one-page DOCX resume laid out like the fixture PDFs. */
export function buildDocxResume(profile: ResumeProfile): Buffer {
  const contact = [profile.email, profile.phone, profile.town]
    .filter((part): part is string => Boolean(part))
    .join(" | ");
  const since = 2026 - Math.min(profile.years, 3);
  return createDocx([
    { text: profile.fullName, bold: true, sizePt: 18 },
    { text: contact },
    { text: "PROFESSIONAL SUMMARY", bold: true },
    {
      text:
        `${profile.years} years of experience as a ${profile.headline}. ` +
        `Strongest in ${profile.skills.slice(0, 3).join(", ")}.`,
    },
    { text: "TECHNICAL SKILLS", bold: true },
    { text: profile.skills.join(" · ") },
    { text: "WORK EXPERIENCE", bold: true },
    {
      text: `${profile.headline} - ${profile.employer}, ${since} - Present`,
      bold: true,
    },
    {
      text:
        `Delivered projects using ${profile.skills.slice(0, 2).join(" and ")}` +
        " with a team of four to eight engineers.",
    },
  ]);
}

export function buildCoverLetter(fullName: string, jobName: string): Buffer {
  return createDocx([
    { text: `Cover letter: ${fullName}`, bold: true },
    {
      text:
        `I am applying for the ${jobName} role. I have attached my resume ` +
        "and look forward to hearing from you.",
    },
  ]);
}
