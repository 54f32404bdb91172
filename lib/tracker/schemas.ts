import { z } from "zod";

import {
  flag,
  looseNumber,
  looseObject,
  namedRef,
  optionalText,
  requiredText,
  trackerId,
  trackerIdOrZero,
} from "./fields";
import { parseTrackerTimestamp } from "./local-time";

/**
 * Schemas for each Tracker reply the client reads. Ids, the placement's
 * job and status are strict because the product keys everything on them;
 * every other field is optional and tolerant.
 */

export const exchangeTokenSchema = looseObject({
  token: z.string().min(10),
  expiration: z.string().nullish(),
});

const jobBody = looseObject({
  id: trackerId.optional(),
  opportunityid: trackerId.optional(),
  name: optionalText.optional(),
  opportunityname: optionalText.optional(),
  status: namedRef.optional(),
  opportunitystatusdesc: optionalText.optional(),
  client: namedRef.optional(),
  clientname: optionalText.optional(),
  location: optionalText.optional(),
  locationcity: optionalText.optional(),
  history: looseObject({
    filled: flag.optional(),
    closed: flag.optional(),
  })
    .nullish()
    .transform((history) => history ?? {}),
  advertdetails: looseObject({
    title: optionalText.optional(),
    location: optionalText.optional(),
  })
    .nullish()
    .transform((advert) => advert ?? {}),
});

/** GET Opportunity/{id}: the nested job shape, with flat-key fallbacks. */
export const jobSchema = jobBody
  .refine((job) => (job.id ?? job.opportunityid) !== undefined, {
    message: "job id is missing",
  })
  .transform((job) => ({
    id: (job.id ?? job.opportunityid)!,
    title: job.name ?? job.opportunityname ?? job.advertdetails.title ?? null,
    statusName: job.status ?? job.opportunitystatusdesc ?? null,
    clientName: job.client ?? job.clientname ?? null,
    location:
      job.advertdetails.location ?? job.location ?? job.locationcity ?? null,
    isClosed: job.history.closed ?? null,
    isFilled: job.history.filled ?? null,
  }));

export type TrackerJob = z.output<typeof jobSchema>;

/** One placement status ("stage") with its Tracker status group. */
export const stageSchema = looseObject({
  id: trackerId,
  name: requiredText,
  group: optionalText.optional(),
  category: optionalText.optional(),
  groupname: optionalText.optional(),
  order: looseNumber.optional(),
  sortorder: looseNumber.optional(),
}).transform((stage) => ({
  id: stage.id,
  name: stage.name,
  group: stage.group ?? stage.category ?? stage.groupname ?? null,
  order: stage.order ?? stage.sortorder ?? null,
}));

export type TrackerStage = z.output<typeof stageSchema>;

function timestampField(timeZone: string) {
  return optionalText.optional().transform((local) => ({
    local: local ?? null,
    utc: local ? (parseTrackerTimestamp(local, timeZone) ?? null) : null,
  }));
}

/**
 * Keeps one schema per time zone. zod compiles an object schema the first
 * time it parses, so a schema built per request paid that on every call.
 * A Tracker database has one zone, so the map stays small; it is cleared
 * past 64 zones all the same.
 */
function perTimeZone<Schema>(build: (timeZone: string) => Schema) {
  const built = new Map<string, Schema>();
  return (timeZone: string): Schema => {
    let schema = built.get(timeZone);
    if (!schema) {
      if (built.size >= 64) built.clear();
      schema = build(timeZone);
      built.set(timeZone, schema);
    }
    return schema;
  };
}

/** A flat OpportunityResource/Search row read in the database's zone. */
export const placementSchema = perTimeZone((timeZone: string) =>
  looseObject({
    opportunityresourceid: trackerId,
    opportunityid: trackerId,
    resourceid: trackerId,
    opportunityresourcestatusid: trackerIdOrZero,
    opportunityresourcestatusname: optionalText.optional(),
    opportunityname: optionalText.optional(),
    resourcedisplayas: optionalText.optional(),
    resourceemail: optionalText.optional(),
    clientname: optionalText.optional(),
    activerecord: flag.optional(),
    createddatetime: timestampField(timeZone),
    lastupdateddatetime: timestampField(timeZone),
  }).transform((row) => ({
    id: row.opportunityresourceid,
    jobId: row.opportunityid,
    candidateId: row.resourceid,
    statusId: row.opportunityresourcestatusid,
    statusName: row.opportunityresourcestatusname ?? null,
    jobTitle: row.opportunityname ?? null,
    candidateName: row.resourcedisplayas ?? null,
    candidateEmail: row.resourceemail ?? null,
    clientName: row.clientname ?? null,
    isActive: row.activerecord ?? null,
    createdLocal: row.createddatetime.local,
    createdAt: row.createddatetime.utc,
    updatedLocal: row.lastupdateddatetime.local,
    updatedAt: row.lastupdateddatetime.utc,
  })),
);

export type TrackerPlacement = z.output<ReturnType<typeof placementSchema>>;

/** The page envelope around placement rows; rows are checked one by one. */
export const placementPageSchema = looseObject({
  totalrecords: looseNumber.optional(),
  totalcount: looseNumber.optional(),
  pagenumber: looseNumber.optional(),
  pagesize: looseNumber.optional(),
  hasnextpage: flag.optional(),
});

const contactDetails = looseObject({
  email: optionalText.optional(),
  mobilephone: optionalText.optional(),
  mobile: optionalText.optional(),
  telephone: optionalText.optional(),
  phone: optionalText.optional(),
  worktelephone: optionalText.optional(),
})
  .nullish()
  .transform((details) => details ?? {});

const candidateRowSchema = looseObject({
  id: trackerId.optional(),
  resourceid: trackerId.optional(),
  firstname: optionalText.optional(),
  surname: optionalText.optional(),
  lastname: optionalText.optional(),
  displayas: optionalText.optional(),
  fullname: optionalText.optional(),
  name: optionalText.optional(),
  email: optionalText.optional(),
  mobilephone: optionalText.optional(),
  telephone: optionalText.optional(),
  contactdetails: contactDetails,
}).transform((row) => {
  const contact = row.contactdetails;
  const firstName = row.firstname ?? null;
  const lastName = row.surname ?? row.lastname ?? null;
  const joined = [firstName, lastName].filter(Boolean).join(" ");
  const mobilePhone =
    contact.mobilephone ?? contact.mobile ?? row.mobilephone ?? null;
  const telephone =
    contact.telephone ??
    contact.phone ??
    contact.worktelephone ??
    row.telephone ??
    null;
  return {
    id: row.id ?? row.resourceid ?? null,
    firstName,
    lastName,
    fullName: joined || row.displayas || row.fullname || row.name || null,
    email: contact.email ?? row.email ?? null,
    mobilePhone,
    telephone,
    phones: [...new Set([mobilePhone, telephone].filter(isText))],
  };
});

/** GET Resource/{id}; the id comes from the request when absent. */
export function candidateSchema(requestedId: number) {
  return candidateRowSchema.transform((candidate) => ({
    ...candidate,
    id: candidate.id ?? requestedId,
  }));
}

function isText(value: string | null): value is string {
  return value !== null && value !== "";
}

export type TrackerCandidate = z.output<ReturnType<typeof candidateSchema>>;

/** One element of GET Resource/{id}/Documents; key names vary by source. */
export const documentSchema = perTimeZone((timeZone: string) =>
  looseObject({
    documentid: trackerId.optional(),
    id: trackerId.optional(),
    resourcedocumentid: trackerId.optional(),
    filename: optionalText.optional(),
    name: optionalText.optional(),
    documenttype: optionalText.optional(),
    isprimary: flag.optional(),
    dateadded: timestampField(timeZone),
  })
    .refine(
      (doc) => (doc.documentid ?? doc.id ?? doc.resourcedocumentid) != null,
      { message: "document id is missing" },
    )
    .transform((doc) => ({
      id: (doc.documentid ?? doc.id ?? doc.resourcedocumentid)!,
      filename: doc.filename ?? doc.name ?? null,
      documentType: doc.documenttype ?? null,
      isPrimary: doc.isprimary ?? false,
      addedLocal: doc.dateadded.local,
      addedAt: doc.dateadded.utc,
    })),
);

export type TrackerDocument = z.output<ReturnType<typeof documentSchema>>;

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** GET Resource/{id}/Document/{docId}: the file as base64 JSON. */
export const documentFileSchema = looseObject({
  filename: optionalText.optional(),
  name: optionalText.optional(),
  filecontent: z
    .string()
    .transform((text) => text.replace(/\s+/g, ""))
    .refine((text) => text.length > 0 && BASE64.test(text), {
      message: "filecontent is not base64",
    }),
}).transform((file) => ({
  filename: file.filename ?? file.name ?? null,
  content: Buffer.from(file.filecontent, "base64"),
}));

/** The `{id}` Tracker returns from a create (201). */
export const createdSchema = looseObject({
  id: trackerId.optional(),
  activityid: trackerId.optional(),
  documentid: trackerId.optional(),
})
  .refine((body) => (body.id ?? body.activityid ?? body.documentid) != null, {
    message: "created record id is missing",
  })
  .transform((body) => ({
    id: (body.id ?? body.activityid ?? body.documentid)!,
  }));

/** One activity read back from GET Resource/{id}/Activities. */
export const activitySchema = perTimeZone((timeZone: string) =>
  looseObject({
    id: trackerId.optional(),
    activityid: trackerId.optional(),
    subject: optionalText.optional(),
    note: optionalText.optional(),
    opportunityid: trackerIdOrZero.nullish(),
    createddatetime: timestampField(timeZone),
    date: timestampField(timeZone),
  })
    .refine((activity) => (activity.id ?? activity.activityid) != null, {
      message: "activity id is missing",
    })
    .transform((activity) => ({
      id: (activity.id ?? activity.activityid)!,
      subject: activity.subject ?? null,
      note: activity.note ?? null,
      jobId: activity.opportunityid || null,
      createdLocal: activity.createddatetime.local ?? activity.date.local,
      createdAt: activity.createddatetime.utc ?? activity.date.utc,
    })),
);

export type TrackerActivity = z.output<ReturnType<typeof activitySchema>>;
