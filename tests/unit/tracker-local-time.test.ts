import { describe, expect, it } from "vitest";

import {
  isValidTimeZone,
  localToUtc,
  parseTrackerTimestamp,
  utcToLocal,
} from "@/lib/tracker/local-time";

const iso = (date: Date | undefined) => date?.toISOString();

describe("localToUtc", () => {
  it("converts ordinary times in two zones", () => {
    expect(iso(localToUtc("2026-01-15 09:30:00", "America/Los_Angeles"))).toBe(
      "2026-01-15T17:30:00.000Z",
    );
    expect(iso(localToUtc("2026-07-15 09:30:00", "America/Los_Angeles"))).toBe(
      "2026-07-15T16:30:00.000Z",
    );
    expect(iso(localToUtc("2026-07-15 09:30:00", "America/Toronto"))).toBe(
      "2026-07-15T13:30:00.000Z",
    );
    expect(iso(localToUtc("2026-07-15 09:30:00", "Europe/London"))).toBe(
      "2026-07-15T08:30:00.000Z",
    );
  });

  it("accepts a T separator, fractions and bare dates", () => {
    expect(iso(localToUtc("2026-01-15T09:30:00.250", "UTC"))).toBe(
      "2026-01-15T09:30:00.250Z",
    );
    expect(iso(localToUtc("2026-01-15", "Asia/Tokyo"))).toBe(
      "2026-01-14T15:00:00.000Z",
    );
  });

  it("moves a skipped spring-forward time past the gap", () => {
    // New York skips 02:00-03:00 on 8 March 2026.
    expect(iso(localToUtc("2026-03-08 02:30:00", "America/New_York"))).toBe(
      "2026-03-08T07:30:00.000Z",
    );
    expect(iso(localToUtc("2026-03-08 01:59:59", "America/New_York"))).toBe(
      "2026-03-08T06:59:59.000Z",
    );
    expect(iso(localToUtc("2026-03-08 03:00:00", "America/New_York"))).toBe(
      "2026-03-08T07:00:00.000Z",
    );
  });

  it("picks the earlier instant in a fall-back hour", () => {
    // 01:30 happens twice in New York on 1 November 2026.
    expect(iso(localToUtc("2026-11-01 01:30:00", "America/New_York"))).toBe(
      "2026-11-01T05:30:00.000Z",
    );
    expect(iso(localToUtc("2026-11-01 02:30:00", "America/New_York"))).toBe(
      "2026-11-01T07:30:00.000Z",
    );
  });

  it("handles the southern hemisphere and half-hour zones", () => {
    // Sydney leaves daylight time on 5 April 2026: 02:30 happens twice.
    expect(iso(localToUtc("2026-04-05 02:30:00", "Australia/Sydney"))).toBe(
      "2026-04-04T15:30:00.000Z",
    );
    expect(iso(localToUtc("2026-01-15 12:00:00", "Asia/Kolkata"))).toBe(
      "2026-01-15T06:30:00.000Z",
    );
  });

  it("rejects text that is not a local datetime", () => {
    expect(localToUtc("yesterday", "UTC")).toBeUndefined();
    expect(localToUtc("2026-02-30 10:00:00", "UTC")).toBeUndefined();
    expect(localToUtc("2026-01-15 25:00:00", "UTC")).toBeUndefined();
    expect(localToUtc("", "UTC")).toBeUndefined();
  });
});

describe("utcToLocal", () => {
  it("formats in the zone across DST", () => {
    const summer = new Date("2026-07-15T16:30:00Z");
    const winter = new Date("2026-01-15T17:30:00Z");
    expect(utcToLocal(summer, "America/Los_Angeles")).toBe(
      "2026-07-15 09:30:00",
    );
    expect(utcToLocal(winter, "America/Los_Angeles")).toBe(
      "2026-01-15 09:30:00",
    );
    expect(utcToLocal(summer, "America/Toronto")).toBe("2026-07-15 12:30:00");
  });

  it("shows midnight as 00, not 24", () => {
    expect(
      utcToLocal(new Date("2026-01-15T05:00:00Z"), "America/New_York"),
    ).toBe("2026-01-15 00:00:00");
  });

  it("round-trips every hour of a DST day", () => {
    const zone = "America/New_York";
    for (let hour = 0; hour < 26; hour += 1) {
      const instant = new Date(Date.UTC(2026, 10, 1, hour, 15));
      const local = utcToLocal(instant, zone);
      const back = localToUtc(local, zone)!;
      // A repeated hour maps back to its first occurrence.
      expect(utcToLocal(back, zone)).toBe(local);
    }
  });
});

describe("parseTrackerTimestamp", () => {
  it("keeps an explicit offset", () => {
    expect(
      iso(parseTrackerTimestamp("2026-01-08T10:00:00Z", "Asia/Tokyo")),
    ).toBe("2026-01-08T10:00:00.000Z");
    expect(
      iso(parseTrackerTimestamp("2026-01-08T10:00:00+02:00", "Asia/Tokyo")),
    ).toBe("2026-01-08T08:00:00.000Z");
  });

  it("reads a bare time in the zone", () => {
    expect(
      iso(parseTrackerTimestamp("2026-01-08T10:00:00", "Asia/Tokyo")),
    ).toBe("2026-01-08T01:00:00.000Z");
  });
});

describe("isValidTimeZone", () => {
  it("tells zones from typos", () => {
    expect(isValidTimeZone("America/Toronto")).toBe(true);
    expect(isValidTimeZone("America/Torronto")).toBe(false);
  });
});
