import { describe, expect, it } from "vitest";

import {
  extractList,
  flag,
  looseNumber,
  repairMojibake,
  trackerId,
} from "@/lib/tracker/fields";
import { apiUrl, exchangeTokenUrl, regionHostName } from "@/lib/tracker/hosts";
import {
  candidateSchema,
  documentFileSchema,
  documentSchema,
  jobSchema,
  placementSchema,
  stageSchema,
} from "@/lib/tracker/schemas";

const ZONE = "America/Los_Angeles";

// Bytes of UTF-8 text read back as Windows-1252, as a double-encoding
// database stores them.
function mangle(text: string): string {
  const cp1252 = new TextDecoder("windows-1252");
  return cp1252.decode(new TextEncoder().encode(text));
}

describe("repairMojibake", () => {
  it("repairs double-encoded UTF-8", () => {
    expect(repairMojibake("MÃ¼ller")).toBe("Müller");
    expect(repairMojibake(mangle("José García"))).toBe("José García");
    expect(repairMojibake(mangle("Łukasz"))).toBe("Łukasz");
    expect(repairMojibake(mangle("李娜"))).toBe("李娜");
    expect(repairMojibake(mangle("O’Brien – “Ltd”"))).toBe("O’Brien – “Ltd”");
  });

  it("repairs text encoded twice over", () => {
    expect(repairMojibake(mangle(mangle("Zoë")))).toBe("Zoë");
  });

  it("leaves correct text alone", () => {
    for (const text of ["Müller", "José", "李娜", "Ζωή", "Łukasz", "plain"]) {
      expect(repairMojibake(text)).toBe(text);
    }
  });
});

describe("field helpers", () => {
  it("reads flags in every spelling", () => {
    for (const yes of ["y", "Y", "Yes", "true", "1", true, 1]) {
      expect(flag.parse(yes)).toBe(true);
    }
    for (const no of ["n", "No", "false", "0", "", false, 0]) {
      expect(flag.parse(no)).toBe(false);
    }
    expect(flag.parse(null)).toBeNull();
    expect(flag.safeParse("maybe").success).toBe(false);
  });

  it("reads numbers sent as strings", () => {
    expect(looseNumber.parse("12.50")).toBe(12.5);
    expect(looseNumber.parse("1,200")).toBe(1200);
    expect(looseNumber.parse(7)).toBe(7);
    expect(looseNumber.parse("")).toBeNull();
    expect(looseNumber.parse(null)).toBeNull();
    expect(looseNumber.safeParse("n/a").success).toBe(false);
  });

  it("requires whole positive ids", () => {
    expect(trackerId.parse("140001")).toBe(140001);
    expect(trackerId.parse(52)).toBe(52);
    for (const bad of [null, "", "n/a", 0, -1, 1.5, "12a"]) {
      expect(trackerId.safeParse(bad).success).toBe(false);
    }
  });

  it("finds the list in each wrapper", () => {
    const rows = [{ id: 1 }];
    expect(extractList(rows)).toBe(rows);
    expect(extractList({ data: rows, totalRecords: 1 })).toBe(rows);
    expect(extractList({ Items: rows })).toBe(rows);
    expect(extractList({ results: rows })).toBe(rows);
    expect(extractList({ documents: rows, count: 1 })).toBe(rows);
    expect(extractList({ a: [], b: [] })).toBeUndefined();
    expect(extractList("rows")).toBeUndefined();
  });
});

describe("placementSchema", () => {
  const schema = placementSchema(ZONE);
  const row = {
    opportunityResourceId: 52055,
    opportunityId: 1026,
    resourceId: "140001",
    opportunityResourceStatusId: "4",
    opportunityResourceStatusName: "Shortlisted",
    resourceDisplayAs: "Example, Alex",
    resourceEmail: null,
    activeRecord: "y",
    payRate: "0",
    createdDateTime: "2026-03-08 02:30:00",
    lastUpdatedDateTime: "2026-07-01 09:00:00",
  };

  it("parses a flat row with strings for numbers", () => {
    const parsed = schema.parse(row);
    expect(parsed.id).toBe(52055);
    expect(parsed.jobId).toBe(1026);
    expect(parsed.candidateId).toBe(140001);
    expect(parsed.statusId).toBe(4);
    expect(parsed.isActive).toBe(true);
    expect(parsed.candidateEmail).toBeNull();
    expect(parsed.createdLocal).toBe("2026-03-08 02:30:00");
    // Skipped by the spring-forward jump, so moved to 03:30 PDT.
    expect(parsed.createdAt?.toISOString()).toBe("2026-03-08T10:30:00.000Z");
    expect(parsed.updatedAt?.toISOString()).toBe("2026-07-01T16:00:00.000Z");
  });

  it("accepts PascalCase keys", () => {
    const pascal = Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key[0]!.toUpperCase() + key.slice(1),
        value,
      ]),
    );
    expect(schema.parse(pascal).id).toBe(52055);
  });

  it("rejects rows without the keys the product relies on", () => {
    expect(
      schema.safeParse({ ...row, opportunityResourceId: null }).success,
    ).toBe(false);
    expect(
      schema.safeParse({ ...row, opportunityResourceStatusId: "n/a" }).success,
    ).toBe(false);
    const { opportunityId: _job, ...withoutJob } = row;
    expect(schema.safeParse(withoutJob).success).toBe(false);
    expect(schema.safeParse(null).success).toBe(false);
  });

  it("keeps a row whose timestamp is unreadable", () => {
    const parsed = schema.parse({ ...row, createdDateTime: "soon" });
    expect(parsed.createdAt).toBeNull();
    expect(parsed.createdLocal).toBe("soon");
  });
});

describe("candidateSchema", () => {
  it("reads contact details nested or flat", () => {
    const nested = candidateSchema(7).parse({
      firstName: mangle("Zoë"),
      surname: "Example",
      contactDetails: {
        email: "zoe@example.test",
        mobilePhone: "+44 7700 900000",
        telephone: "",
      },
    });
    expect(nested).toMatchObject({
      id: 7,
      firstName: "Zoë",
      fullName: "Zoë Example",
      email: "zoe@example.test",
      mobilePhone: "+44 7700 900000",
      telephone: null,
      phones: ["+44 7700 900000"],
    });

    const flat = candidateSchema(8).parse({
      resourceId: 8,
      firstname: "Alex",
      lastName: "Example",
      email: "alex@example.test",
      contactDetails: null,
    });
    expect(flat.fullName).toBe("Alex Example");
    expect(flat.email).toBe("alex@example.test");
    expect(flat.phones).toEqual([]);
  });

  it("drops NUL characters from text", () => {
    const parsed = candidateSchema(9).parse({
      firstName: "Om\u0000ar",
      surname: "\u0000",
      email: "omar@example.test\u0000",
    });
    expect(parsed.firstName).toBe("Omar");
    expect(parsed.lastName).toBeNull();
    expect(parsed.email).toBe("omar@example.test");
  });
});

describe("jobSchema", () => {
  it("reads the nested job shape", () => {
    const job = jobSchema.parse({
      id: 1026,
      name: "Widget Engineer",
      status: { name: "Open" },
      client: { name: "Acme Test Ltd" },
      history: { filled: false, closed: "n" },
      advertDetails: { location: "Springfield" },
    });
    expect(job).toEqual({
      id: 1026,
      title: "Widget Engineer",
      statusName: "Open",
      clientName: "Acme Test Ltd",
      location: "Springfield",
      isClosed: false,
      isFilled: false,
    });
  });

  it("falls back to flat search keys", () => {
    const job = jobSchema.parse({
      opportunityId: "1026",
      opportunityName: "Widget Engineer",
      clientName: "Acme",
    });
    expect(job.id).toBe(1026);
    expect(job.clientName).toBe("Acme");
  });

  it("rejects a job without an id", () => {
    expect(jobSchema.safeParse({ name: "No id" }).success).toBe(false);
  });
});

describe("stage and document schemas", () => {
  it("reads a status group under either key", () => {
    expect(
      stageSchema.parse({
        id: 3,
        name: "Phone screen",
        group: "Interview",
        order: "2",
      }),
    ).toEqual({ id: 3, name: "Phone screen", group: "Interview", order: 2 });
    expect(
      stageSchema.parse({ Id: 4, Name: "Offer", Category: "Offer" }).group,
    ).toBe("Offer");
  });

  it("reads document ids under any known key", () => {
    const schema = documentSchema(ZONE);
    expect(
      schema.parse({ documentId: 9001, filename: "cv.pdf", isPrimary: "y" }),
    ).toMatchObject({
      id: 9001,
      filename: "cv.pdf",
      isPrimary: true,
    });
    expect(
      schema.parse({ resourceDocumentId: 5, name: "cv.docx" }).filename,
    ).toBe("cv.docx");
    expect(schema.safeParse({ filename: "no-id.pdf" }).success).toBe(false);
  });

  it("decodes base64 file content", () => {
    const file = documentFileSchema.parse({
      FileName: "cv.pdf",
      FileContent: Buffer.from("%PDF-1.4").toString("base64"),
    });
    expect(file.content.toString()).toBe("%PDF-1.4");
    expect(
      documentFileSchema.safeParse({ filecontent: "not base64!" }).success,
    ).toBe(false);
  });
});

describe("hosts", () => {
  it("maps regions to REST hosts and versions", () => {
    expect(apiUrl({ region: "US" }, "Opportunity/1")).toBe(
      "https://evousapi.tracker-rms.com/api/v1/Opportunity/1",
    );
    expect(apiUrl({ region: "CA", apiVersion: 2 }, "/Resource/5")).toBe(
      "https://evocaapi.tracker-rms.com/api/v2/Resource/5",
    );
    expect(exchangeTokenUrl({ region: "Other", apiVersion: 3 })).toBe(
      "https://evoglapi.tracker-rms.com/api/Auth/ExchangeToken",
    );
  });

  it("names each region's host for messages", () => {
    expect(regionHostName("US")).toBe("evousapi.tracker-rms.com");
    expect(regionHostName("CA")).toBe("evocaapi.tracker-rms.com");
    expect(regionHostName("Other")).toBe("evoglapi.tracker-rms.com");
  });

  it("requires a base URL for the sandbox", () => {
    expect(() => apiUrl({ region: "Sandbox" }, "x")).toThrow(/base URL/);
    expect(
      apiUrl({ region: "Sandbox", baseUrl: "http://127.0.0.1:4010/" }, "x"),
    ).toBe("http://127.0.0.1:4010/api/v1/x");
  });
});
