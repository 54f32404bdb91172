import type { SandboxStatus } from "@/lib/tracker-sandbox/model";
import type { CatalogJob } from "@/lib/tracker-sandbox/seed/demo-catalog";

/**
 * The second seeded database ("maple"): a Canadian agency with its own
 * status names and ids, so code that assumes the demo database's ids
 * fails against it.
 */
export const CANADA_STATUSES: SandboxStatus[] = [
  { id: 101, name: "Applied", group: "Applied", order: 1 },
  { id: 102, name: "Longlist", group: "Shortlisted", order: 2 },
  { id: 103, name: "Shortlist", group: "Shortlisted", order: 3 },
  { id: 104, name: "CV Submitted", group: "Submitted", order: 4 },
  { id: 105, name: "Interview", group: "Interview", order: 5 },
  { id: 106, name: "Offer", group: "Offer", order: 6 },
  { id: 107, name: "Placed", group: "Placed", order: 7 },
  { id: 108, name: "Not Progressing", group: "Rejected", order: 8 },
  { id: 109, name: "Internal Hold", group: "Internal", order: 9 },
];

export const CANADA_JOBS: CatalogJob[] = [
  {
    id: 2001,
    name: "Registered Nurse - ICU",
    clientId: 801,
    clientName: "Lakeshore Health Network",
    location: "Toronto, ON",
    locationCity: "Toronto",
    salaryFrom: 85000,
    salaryTo: 110000,
    sector: "Healthcare",
    publishDate: "2026-08-25",
    publishOnline: true,
    closedStatusIds: [],
    profile: {
      headline: "Registered Nurse",
      core: ["Critical Care", "Patient Assessment", "ACLS"],
      extra: ["French", "Epic", "Triage"],
    },
  },
  {
    id: 2002,
    name: "Bilingual Customer Service Representative",
    clientId: 802,
    clientName: "Banque Boréal",
    location: "Ottawa, ON",
    locationCity: "Ottawa",
    salaryFrom: 48000,
    salaryTo: 56000,
    sector: "Banking",
    publishDate: "2026-09-03",
    publishOnline: true,
    closedStatusIds: [],
    profile: {
      headline: "Customer Service Representative",
      core: ["French", "English", "Customer Service"],
      extra: ["Salesforce", "Banking", "Complaint Handling"],
    },
  },
];
