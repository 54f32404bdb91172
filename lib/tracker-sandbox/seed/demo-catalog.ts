import type { JobSeed, SandboxStatus } from "@/lib/tracker-sandbox/model";
import type { PersonSeed } from "@/lib/tracker-sandbox/seed/people";
import type { FixtureResume } from "@/lib/tracker-sandbox/seed/resumes";

/**
 * Statuses, jobs and fixture-resume candidates of the "demo" database.
 * Status ids are sparse and out of display order on purpose, as in a real
 * Tracker database where statuses were added over the years.
 */

export const DEMO_STATUSES: SandboxStatus[] = [
  { id: 3, name: "New Applicant", group: "Applied", order: 1 },
  { id: 21, name: "Applied Online", group: "Applied", order: 2 },
  { id: 4, name: "Shortlisted", group: "Shortlisted", order: 3 },
  { id: 17, name: "Phone Screen", group: "Shortlisted", order: 4 },
  { id: 5, name: "Resume Sent", group: "Submitted", order: 5 },
  { id: 18, name: "Client Review", group: "Submitted", order: 6 },
  { id: 7, name: "First Interview", group: "Interview", order: 7 },
  { id: 8, name: "Second Interview", group: "Interview", order: 8 },
  { id: 19, name: "Final Interview", group: "Interview", order: 9 },
  { id: 10, name: "Offer Made", group: "Offer", order: 10 },
  { id: 11, name: "Offer Accepted", group: "Offer", order: 11 },
  { id: 12, name: "Placed Direct", group: "Placed", order: 12 },
  { id: 9, name: "On Assignment - WE", group: "Placed", order: 13 },
  { id: 14, name: "Rejected by Client", group: "Rejected", order: 14 },
  { id: 15, name: "Candidate Withdrew", group: "Rejected", order: 15 },
  { id: 16, name: "Internal Screening", group: "Internal", order: 16 },
];

export type JobProfile = {
  headline: string;
  /** Skills the job requires, most important first. */
  core: string[];
  /** Other skills candidates may list. */
  extra: string[];
};

/** A seeded job plus what the seed needs to make its candidates. */
export type CatalogJob = JobSeed & {
  id: number;
  profile: JobProfile;
  /** Statuses handed out in turn on a closed job. */
  closedStatusIds: number[];
};

export const DEMO_JOBS: CatalogJob[] = [
  {
    id: 1026,
    name: "Senior React Developer",
    clientId: 501,
    clientName: "Brightwave Fintech",
    department: "Engineering",
    location: "San Francisco, CA",
    locationCity: "San Francisco",
    salaryFrom: 160000,
    salaryTo: 195000,
    sector: "Financial Services",
    publishDate: "2026-08-28",
    publishOnline: true,
    closedStatusIds: [],
    profile: {
      headline: "Frontend Developer",
      core: ["React", "TypeScript", "Next.js", "Redux", "Jest"],
      extra: ["GraphQL", "Node.js", "jQuery", "PHP", "Figma", "Vue.js"],
    },
  },
  {
    id: 1027,
    name: "Backend Engineer (Java)",
    clientId: 502,
    clientName: "Northline Logistics",
    location: "Seattle, WA",
    locationCity: "Seattle",
    salaryFrom: 140000,
    salaryTo: 170000,
    sector: "Logistics",
    publishDate: "2026-08-30",
    publishOnline: true,
    closedStatusIds: [],
    profile: {
      headline: "Backend Engineer",
      core: ["Java", "Spring Boot", "PostgreSQL", "Kafka"],
      extra: ["Kubernetes", "Go", "Redis", "AWS", "C#"],
    },
  },
  {
    id: 1028,
    name: "Data Scientist",
    clientId: 503,
    clientName: "Lumen Analytics",
    location: "Austin, TX",
    locationCity: "Austin",
    salaryFrom: 130000,
    salaryTo: 160000,
    sector: "Analytics",
    publishDate: "2026-09-02",
    publishOnline: true,
    closedStatusIds: [],
    profile: {
      headline: "Data Scientist",
      core: ["Python", "scikit-learn", "SQL", "Pandas"],
      extra: ["PyTorch", "Spark", "R", "Tableau", "Airflow"],
    },
  },
  {
    id: 1029,
    name: "Full Stack Engineer",
    status: "Filled",
    filled: true,
    closed: true,
    clientId: 504,
    clientName: "Harbor Health",
    location: "New York, NY",
    locationCity: "New York",
    salaryFrom: 120000,
    salaryTo: 150000,
    sector: "Healthcare",
    publishDate: "2026-07-15",
    closedStatusIds: [12, 14, 15, 14, 8],
    profile: {
      headline: "Full Stack Engineer",
      core: ["Python", "Django", "React", "PostgreSQL"],
      extra: ["Docker", "Celery", "AWS", "Ruby on Rails"],
    },
  },
  {
    id: 1030,
    name: "Customer Success Manager",
    status: "On Hold",
    clientId: 501,
    clientName: "Brightwave Fintech",
    department: "Customer Success",
    location: "Remote (US)",
    salaryFrom: 85000,
    salaryTo: 105000,
    sector: "Financial Services",
    publishDate: "2026-09-05",
    publishOnline: true,
    closedStatusIds: [],
    profile: {
      headline: "Customer Success Manager",
      core: ["Account Management", "Salesforce", "Onboarding"],
      extra: ["Zendesk", "SQL", "Public Speaking", "Spanish"],
    },
  },
];

// Candidates whose resumes are the fixture PDFs. Names and contact
// details match the text inside each PDF.
export const FIXTURE_CANDIDATES: {
  person: PersonSeed;
  headline: string;
  skills: string[];
  email: string;
  phone: string;
  resume: FixtureResume;
  jobId: number;
  statusId: number;
}[] = [
  {
    person: {
      firstName: "Sarah",
      surname: "Johnson",
      town: "San Francisco",
      country: "US",
    },
    headline: "Senior Frontend Developer",
    skills: ["React", "Node.js", "TypeScript", "Redux", "Next.js"],
    email: "sarah.johnson@email.com",
    phone: "555-123-4567",
    resume: "sarah-johnson-senior-react-developer.pdf",
    jobId: 1026,
    statusId: 4,
  },
  {
    person: {
      firstName: "Jessica",
      surname: "Williams",
      town: "Los Angeles",
      country: "US",
    },
    headline: "Frontend Engineer",
    skills: ["React", "Vue.js", "TypeScript", "Tailwind CSS"],
    email: "jessica.williams@email.com",
    phone: "555-567-8901",
    resume: "jessica-williams-frontend-engineer.pdf",
    jobId: 1026,
    statusId: 3,
  },
  {
    person: {
      firstName: "Michael",
      surname: "Chen",
      town: "New York",
      country: "US",
    },
    headline: "Full Stack Engineer",
    skills: ["Python", "Django", "React", "PostgreSQL"],
    email: "michael.chen@email.com",
    phone: "555-234-5678",
    resume: "michael-chen-full-stack-engineer.pdf",
    jobId: 1026,
    statusId: 17,
  },
  {
    person: {
      firstName: "David",
      surname: "Kim",
      town: "Seattle",
      country: "US",
    },
    headline: "Senior Backend Engineer",
    skills: ["Java", "Spring Boot", "Kubernetes", "Kafka"],
    email: "david.kim@email.com",
    phone: "555-456-7890",
    resume: "david-kim-backend-developer.pdf",
    jobId: 1027,
    statusId: 5,
  },
  {
    person: {
      firstName: "Emily",
      surname: "Rodriguez",
      town: "Austin",
      country: "US",
    },
    headline: "Senior Data Scientist",
    skills: ["Python", "TensorFlow", "PyTorch", "SQL"],
    email: "emily.rodriguez@email.com",
    phone: "555-345-6789",
    resume: "emily-rodriguez-data-scientist.pdf",
    jobId: 1028,
    statusId: 7,
  },
];
