import {
  SEED_EPOCH,
  type CandidateSeed,
  type DocumentSeed,
  type PlacementSeed,
  type SandboxDatabaseSeed,
  type SandboxStatus,
} from "@/lib/tracker-sandbox/model";
import {
  CANADA_JOBS,
  CANADA_STATUSES,
} from "@/lib/tracker-sandbox/seed/canada-catalog";
import {
  DEMO_JOBS,
  DEMO_STATUSES,
  FIXTURE_CANDIDATES,
  type CatalogJob,
} from "@/lib/tracker-sandbox/seed/demo-catalog";
import {
  CANADA_PEOPLE,
  DEMO_PEOPLE,
  toMojibake,
  type PersonSeed,
} from "@/lib/tracker-sandbox/seed/people";
import {
  buildCoverLetter,
  buildDocxResume,
  readFixtureResume,
} from "@/lib/tracker-sandbox/seed/resumes";

/** Fixed, documented access tokens so the demo and tests can connect. */
export const DEMO_ACCESS_TOKEN = "0123456789abcdef0123456789abcdef";
export const CANADA_ACCESS_TOKEN = "fedcba9876543210fedcba9876543210";

const HOUR = 3_600_000;

const EMPLOYERS = [
  "Acme Test Ltd",
  "Globex Software",
  "Initech",
  "Umbrella Digital",
  "Stark Analytics",
  "Wayne Systems",
];

/** mulberry32: a small seeded generator, so the demo data is fixed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function emailFor(person: PersonSeed, index: number): string {
  const ascii = `${person.firstName}.${person.surname}`
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/[^A-Za-z.]/g, "")
    .toLowerCase();
  // Names in non-Latin scripts leave little or nothing after the filter.
  const usable = /^[a-z]{2,}\.[a-z]{2,}$/.test(ascii);
  return `${usable ? ascii : `candidate${index}`}@example.test`;
}

function phoneFor(index: number, areaCode: string): string {
  const line = String(100 + index).padStart(4, "0");
  const formats = [
    `+1 ${areaCode} 555 ${line}`,
    `(${areaCode}) 555-${line}`,
    `${areaCode}.555.${line}`,
  ];
  return formats[index % formats.length]!;
}

type PeopleOptions = {
  people: PersonSeed[];
  jobs: CatalogJob[];
  statuses: SandboxStatus[];
  /** Job index per person, repeated over the list, which sets each job's share. */
  jobCycle: number[];
  seed: number;
  firstCandidateId: number;
  firstPlacementId: number;
  areaCode: string;
};

/**
 * Builds candidates with resumes and places each on a job. The patterns
 * are fixed by index so every kind of record exists: missing email,
 * missing phone, no resume, a cover letter only, two documents, and
 * candidates on two jobs.
 */
function buildPeople(options: PeopleOptions) {
  const random = createRandom(options.seed);
  const candidates: CandidateSeed[] = [];
  const placements: PlacementSeed[] = [];
  const statusOrder = new Map(options.statuses.map((s) => [s.id, s.order]));
  let nextPlacementId = options.firstPlacementId;
  let clock = SEED_EPOCH;

  const place = (resourceId: number, jobId: number, statusId: number) => {
    clock += HOUR * (1 + Math.floor(random() * 4));
    const steps = statusOrder.get(statusId) ?? 1;
    placements.push({
      id: nextPlacementId++,
      jobId,
      resourceId,
      statusId,
      createdAt: clock,
      updatedAt: clock + (steps - 1) * 5 * HOUR,
    });
  };

  options.people.forEach((person, index) => {
    const id = options.firstCandidateId + index;
    const job =
      options.jobs[options.jobCycle[index % options.jobCycle.length]!]!;
    const onJob = placements.filter((p) => p.jobId === job.id).length;
    const statusId = job.closed
      ? (job.closedStatusIds[onJob % job.closedStatusIds.length] ?? 0)
      : options.statuses[(index * 7) % options.statuses.length]!.id;

    const coreCount = 1 + Math.floor(random() * job.profile.core.length);
    const extra = job.profile.extra.filter(() => random() < 0.4);
    const skills = [...job.profile.core.slice(0, coreCount), ...extra];
    const employer = person.employer ?? EMPLOYERS[index % EMPLOYERS.length]!;
    const fullName = `${person.firstName} ${person.surname}`;
    const email = index % 9 === 4 ? null : emailFor(person, index);
    const mobilePhone =
      index % 5 === 2 ? null : phoneFor(index, options.areaCode);
    const telephone =
      index % 4 === 0 ? phoneFor(index + 50, options.areaCode) : null;

    const resume = (): DocumentSeed => ({
      filename: `${fullName.replace(/\s+/g, "_")}_Resume.docx`,
      documentType: "Resume",
      isPrimary: true,
      addedAt: clock,
      content: buildDocxResume({
        fullName,
        email,
        phone: mobilePhone,
        town: person.town,
        headline: job.profile.headline,
        years: 2 + Math.floor(random() * 10),
        skills,
        employer,
      }),
    });
    const coverLetter = (): DocumentSeed => ({
      filename: `Cover letter - ${fullName}.docx`,
      documentType: "Cover Letter",
      isPrimary: false,
      addedAt: clock,
      content: buildCoverLetter(fullName, job.name),
    });
    const documentPlan = index % 10;
    const documents =
      documentPlan === 3 || documentPlan === 7
        ? []
        : documentPlan === 9
          ? [coverLetter()]
          : documentPlan === 5
            ? [coverLetter(), resume()]
            : [resume()];

    const encode = (text: string) =>
      person.mojibake ? toMojibake(text) : text;
    candidates.push({
      id,
      firstName: encode(person.firstName),
      surname: encode(person.surname),
      jobTitle: job.profile.headline,
      email,
      mobilePhone,
      telephone,
      currentEmployer: encode(employer),
      skills,
      town: person.town,
      country: person.country,
      linkedInUrl:
        index % 3 === 1 ? `https://www.linkedin.com/in/c${id}` : null,
      createdAt: clock,
      updatedAt: clock,
      documents,
    });
    place(id, job.id, statusId);

    // Every seventh candidate also applied to the last job of the list.
    const lastJob = options.jobs.at(-1)!;
    if (index % 7 === 3 && lastJob.id !== job.id) {
      place(id, lastJob.id, options.statuses[1]!.id);
    }
  });
  return { candidates, placements };
}

function stripProfile(job: CatalogJob) {
  const { profile: _profile, closedStatusIds: _closed, ...seed } = job;
  return seed;
}

/** Builds the "demo" database: US region, Pacific time, fixture resumes. */
export function buildDemoDatabaseSeed(): SandboxDatabaseSeed {
  const candidates: CandidateSeed[] = [];
  const placements: PlacementSeed[] = [];
  let clock = SEED_EPOCH - 48 * HOUR;

  FIXTURE_CANDIDATES.forEach((fixture, index) => {
    clock += 3 * HOUR;
    const id = 140001 + index;
    candidates.push({
      id,
      ...fixture.person,
      jobTitle: fixture.headline,
      email: fixture.email,
      mobilePhone: fixture.phone,
      skills: fixture.skills,
      createdAt: clock,
      updatedAt: clock,
      documents: [
        {
          filename: fixture.resume,
          documentType: "Resume",
          isPrimary: true,
          addedAt: clock,
          content: readFixtureResume(fixture.resume),
        },
      ],
    });
    placements.push({
      id: 52001 + index,
      jobId: fixture.jobId,
      resourceId: id,
      statusId: fixture.statusId,
      createdAt: clock,
      updatedAt: clock + HOUR,
    });
  });

  const people = buildPeople({
    people: DEMO_PEOPLE,
    jobs: DEMO_JOBS,
    statuses: DEMO_STATUSES,
    jobCycle: [0, 1, 0, 2, 3, 0, 4, 1, 0, 2, 3, 4],
    seed: 20260901,
    firstCandidateId: 140001 + FIXTURE_CANDIDATES.length,
    firstPlacementId: 52001 + FIXTURE_CANDIDATES.length,
    areaCode: "415",
  });

  return {
    name: "demo",
    region: "US",
    timeZone: "America/Los_Angeles",
    accessToken: DEMO_ACCESS_TOKEN,
    statuses: DEMO_STATUSES,
    jobs: DEMO_JOBS.map(stripProfile),
    candidates: [...candidates, ...people.candidates],
    placements: [...placements, ...people.placements],
  };
}

/** Builds the small second database: Canada region, Eastern time. */
export function buildCanadaDatabaseSeed(): SandboxDatabaseSeed {
  const people = buildPeople({
    people: CANADA_PEOPLE,
    jobs: CANADA_JOBS,
    statuses: CANADA_STATUSES,
    jobCycle: [0, 1],
    seed: 20260902,
    firstCandidateId: 310001,
    firstPlacementId: 81001,
    areaCode: "416",
  });
  return {
    name: "maple",
    region: "CA",
    timeZone: "America/Toronto",
    accessToken: CANADA_ACCESS_TOKEN,
    statuses: CANADA_STATUSES,
    jobs: CANADA_JOBS.map(stripProfile),
    candidates: people.candidates,
    placements: people.placements,
    firstIds: {
      job: 2001,
      candidate: 310001,
      placement: 81001,
      document: 45001,
      activity: 900001,
    },
  };
}

export function buildDefaultSeeds(): SandboxDatabaseSeed[] {
  return [buildDemoDatabaseSeed(), buildCanadaDatabaseSeed()];
}
