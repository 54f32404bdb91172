/**
 * Builds the JSON bodies Tracker returns. GET-by-id responses use nested
 * objects (`status{name}`, `contactDetails{}`); search rows are flat with
 * their own field names, as in Tracker's REST API.
 */
import type { SandboxDatabase } from "@/lib/tracker-sandbox/database";
import { formatLocalDateTime } from "@/lib/tracker-sandbox/local-time";
import type {
  PlacementRevision,
  SandboxActivity,
  SandboxCandidate,
  SandboxDocument,
  SandboxJob,
  SandboxPlacement,
} from "@/lib/tracker-sandbox/model";
import type { SandboxSettings } from "@/lib/tracker-sandbox/settings";

export function renderJob(job: SandboxJob) {
  return {
    id: job.id,
    name: job.name,
    status: { name: job.status },
    client: { id: job.clientId, name: job.clientName },
    department: job.department ? { name: job.department } : null,
    workType: { name: job.workType },
    owners: [{ ownerId: job.ownerId, name: job.ownerName, rank: 1 }],
    publishContact: { id: job.ownerId },
    advertDetails: {
      title: job.name,
      location: job.location,
      salaryFrom: job.salaryFrom,
      salaryTo: job.salaryTo,
      salaryPer: job.salaryPer,
      sector: job.sector,
      workType: job.workType,
      reference: job.reference,
      publishDate: job.publishDate,
      publishOnline: job.publishOnline,
    },
    history: { filled: job.filled, closed: job.closed },
    location: job.location,
    locationCity: job.locationCity,
  };
}

export function displayName(
  candidate: SandboxCandidate,
  order: SandboxSettings["displayNameOrder"],
): string {
  const lastFirst =
    order === "last-first" || (order === "mixed" && candidate.id % 3 === 0);
  return lastFirst
    ? `${candidate.surname}, ${candidate.firstName}`
    : `${candidate.firstName} ${candidate.surname}`;
}

export function renderCandidate(candidate: SandboxCandidate) {
  return {
    id: candidate.id,
    firstName: candidate.firstName,
    surname: candidate.surname,
    jobTitle: candidate.jobTitle,
    source: candidate.source,
    currentClient: candidate.currentEmployer
      ? { id: 700 + (candidate.id % 97), name: candidate.currentEmployer }
      : null,
    workTypes: [],
    quickSkills: candidate.skills.map((name, index) => ({
      id: 1000 + index,
      name,
    })),
    contactDetails: {
      email: candidate.email,
      mobilePhone: candidate.mobilePhone,
      telephone: candidate.telephone,
    },
    address: {
      addressLine1: null,
      addressLine2: null,
      town: candidate.town,
      county: null,
      postcode: null,
      country: candidate.country,
    },
    linkedInUrl: candidate.linkedInUrl,
    note: candidate.note,
  };
}

/** Picks the placement's state that search shows at `cutoff`. */
function indexedRevision(
  placement: SandboxPlacement,
  cutoff: number,
): PlacementRevision {
  const revisions = placement.revisions;
  for (let index = revisions.length - 1; index > 0; index--) {
    if (revisions[index]!.visibleAt <= cutoff) return revisions[index]!;
  }
  return revisions[0]!;
}

/**
 * Builds a flat placement row. `cutoff` is the search index time; pass
 * Infinity for the live state that GET-by-id returns.
 */
export function renderPlacementRow(
  database: SandboxDatabase,
  placement: SandboxPlacement,
  settings: SandboxSettings,
  cutoff: number,
) {
  const revision = indexedRevision(placement, cutoff);
  const job = database.jobs.get(placement.jobId)!;
  const candidate = database.candidates.get(placement.resourceId)!;
  const status = database.findStatus(revision.statusId);
  const zone = database.timeZone;
  return {
    opportunityResourceId: placement.id,
    opportunityId: placement.jobId,
    resourceId: placement.resourceId,
    clientId: job.clientId,
    opportunityName: job.name,
    opportunityResourceStatusId: revision.statusId,
    opportunityResourceStatusName: status?.name ?? null,
    startDate: null,
    endDate: null,
    payRate: "0",
    chargeRate: "0",
    overtimeRate: "0",
    activeRecord: "y",
    enterTimesheet: "n",
    timesheetEntry: null,
    daysOfWeek: null,
    clientName: job.clientName,
    resourceDisplayAs: displayName(candidate, settings.displayNameOrder),
    resourceEmail: candidate.email,
    firstOwnerId: job.ownerId,
    secondOwnerId: 0,
    createdDateTime: formatLocalDateTime(placement.createdAt, zone),
    lastUpdatedDateTime: formatLocalDateTime(revision.updatedAt, zone),
  };
}

export function renderDocumentEntry(
  document: SandboxDocument,
  settings: SandboxSettings,
  timeZone: string,
) {
  return {
    [settings.documentIdKey]: document.id,
    [settings.documentFilenameKey]: document.filename,
    documentType: document.documentType,
    isPrimary: document.isPrimary,
    dateAdded: formatLocalDateTime(document.addedAt, timeZone),
  };
}

export function renderDocumentContent(
  document: SandboxDocument,
  settings: SandboxSettings,
) {
  return {
    [settings.documentFilenameKey]: document.filename,
    [settings.documentContentKey]: document.content.toString("base64"),
  };
}

export function renderActivity(activity: SandboxActivity, timeZone: string) {
  return {
    id: activity.id,
    recordType: activity.recordType,
    recordId: activity.recordId,
    opportunityId: activity.opportunityId,
    subject: activity.subject,
    note: activity.note,
    type: activity.type,
    status: activity.status,
    createdDateTime: formatLocalDateTime(activity.createdAt, timeZone),
  };
}

/** Rewrites every object key to PascalCase, for the casing setting. */
export function toPascalCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPascalCaseKeys);
  if (value === null || typeof value !== "object") return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const pascal = key.charAt(0).toUpperCase() + key.slice(1);
    result[pascal] = toPascalCaseKeys(inner);
  }
  return result;
}
