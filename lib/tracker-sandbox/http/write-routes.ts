import {
  integerProperty,
  json,
  notFoundProblem,
  property,
  validationProblem,
  type Reply,
} from "@/lib/tracker-sandbox/http/respond";
import type { ApiContext } from "@/lib/tracker-sandbox/http/api-routes";
import { renderActivity } from "@/lib/tracker-sandbox/shapes";

/**
 * `/api/v1` routes that write (document upload, activity) and the
 * activity list that reads those writes back.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function uploadDocument({
  state,
  database,
  params,
  body,
}: ApiContext): Reply {
  if (!database.candidates.has(params[0]!)) return notFoundProblem();
  const filename = property(body, "filename");
  const documentType = property(body, "documentType");
  const content = property(body, state.settings.documentContentKey);
  const errors: Record<string, string[]> = {};
  if (typeof filename !== "string" || filename.trim() === "") {
    errors.Filename = ["The Filename field is required."];
  }
  const base64 = typeof content === "string" ? content.replace(/\s/g, "") : "";
  if (base64 === "" || base64.length % 4 !== 0 || !BASE64.test(base64)) {
    errors.Filecontent = ["The Filecontent field must be non-empty base64."];
  }
  if (Object.keys(errors).length > 0) return validationProblem(errors);

  const isPrimary = property(body, "isPrimary");
  const document = database.addDocument(
    params[0]!,
    {
      filename: filename as string,
      documentType:
        typeof documentType === "string" && documentType !== ""
          ? documentType
          : "General",
      isPrimary: isPrimary === true || isPrimary === "y",
      content: Buffer.from(base64, "base64"),
    },
    state.now(),
    true,
  );
  return json(201, { id: document.id }, true);
}

const RECORD_TYPES: Record<string, "Resource" | "Opportunity"> = {
  resource: "Resource",
  r: "Resource",
  opportunity: "Opportunity",
  o: "Opportunity",
};

export function createActivity({ state, database, body }: ApiContext): Reply {
  const errors: Record<string, string[]> = {};
  const rawType = property(body, "recordType");
  const recordType =
    typeof rawType === "string"
      ? RECORD_TYPES[rawType.toLowerCase()]
      : undefined;
  const recordId = integerProperty(body, "recordId");
  const subject = property(body, "subject");
  const note = property(body, "note") ?? "";
  const opportunityId = integerProperty(body, "opportunityId");

  if (!recordType) {
    errors.RecordType = [
      `The value '${String(rawType ?? "")}' is not valid for RecordType; ` +
        "use Resource or Opportunity.",
    ];
  }
  if (recordId === undefined) {
    errors.RecordId = ["The RecordId field is required."];
  } else if (recordType === "Resource" && !database.candidates.has(recordId)) {
    errors.RecordId = [`Resource ${recordId} does not exist.`];
  } else if (recordType === "Opportunity" && !database.jobs.has(recordId)) {
    errors.RecordId = [`Opportunity ${recordId} does not exist.`];
  }
  if (typeof subject !== "string" || subject.trim() === "") {
    errors.Subject = ["The Subject field is required."];
  }
  if (typeof note !== "string") {
    errors.Note = ["The Note field must be a string."];
  }
  if (opportunityId !== undefined && !database.jobs.has(opportunityId)) {
    errors.OpportunityId = [`Opportunity ${opportunityId} does not exist.`];
  }
  if (Object.keys(errors).length > 0) return validationProblem(errors);

  const type = property(body, "type");
  const status = property(body, "status");
  const activity = database.addActivity(
    {
      recordType: recordType!,
      recordId: recordId!,
      subject: subject as string,
      note: note as string,
      type: typeof type === "string" ? type : null,
      status: typeof status === "string" ? status : null,
      opportunityId: opportunityId ?? null,
      body: body as Record<string, unknown>,
    },
    state.now(),
  );
  return json(201, { id: activity.id }, true);
}

export function listActivities({ database, params }: ApiContext): Reply {
  if (!database.candidates.has(params[0]!)) return notFoundProblem();
  const activities = database
    .listActivitiesFor("Resource", params[0]!)
    .map((activity) => renderActivity(activity, database.timeZone));
  return json(200, activities);
}
