import { inflateRawSync } from "node:zlib";

/**
 * A reader of ZIP archives (PKWARE APPNOTE 6.3), for DOCX resumes. It
 * reads the central directory, ZIP64 records included, and inflates one
 * entry at a time with node:zlib under a byte limit, so an entry whose
 * header understates its size still cannot expand past the limit.
 */

/** Error for entries that expand past the limit the caller set. */
export class ZipTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the ZIP archive expands to more than ${limit} bytes`);
    this.name = "ZipTooLargeError";
  }
}

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflated; other methods cannot be read here. */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  headerOffset: number;
};

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_EXTRA_ID = 0x0001;
const UINT16_MAX = 0xffff;
const UINT32_MAX = 0xffffffff;

export class ZipArchive {
  readonly entries: ZipEntry[];

  /** Reads the central directory; throws an Error for a damaged archive. */
  constructor(private readonly zip: Buffer) {
    this.entries = readCentralDirectory(zip);
  }

  /**
   * Returns an entry's bytes, inflated. Throws ZipTooLargeError past
   * `limit` bytes, and an Error for an encrypted entry, another method or
   * damaged data.
   */
  read(entry: ZipEntry, limit: number): Buffer {
    if (entry.encrypted)
      throw new Error(`ZIP entry ${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new Error(
        `ZIP entry ${entry.name} uses compression method ${entry.method}`,
      );
    }
    if (entry.size > limit) throw new ZipTooLargeError(limit);

    const header = entry.headerOffset;
    if (readUInt32(this.zip, header) !== LOCAL_SIGNATURE) {
      throw new Error(`ZIP local header of ${entry.name} damaged`);
    }
    const start =
      header +
      30 +
      readUInt16(this.zip, header + 26) +
      readUInt16(this.zip, header + 28);
    const stored = this.zip.subarray(start, start + entry.compressedSize);
    if (stored.length !== entry.compressedSize) {
      throw new Error(`ZIP entry ${entry.name} is cut short`);
    }
    if (entry.method === 0) return stored;

    try {
      return inflateRawSync(stored, { maxOutputLength: limit });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new ZipTooLargeError(limit);
      }
      throw error;
    }
  }
}

// Reads that throw an Error, not a RangeError, past the end of the data.
function readUInt16(zip: Buffer, at: number): number {
  if (at < 0 || at + 2 > zip.length) throw new Error("ZIP record cut short");
  return zip.readUInt16LE(at);
}

function readUInt32(zip: Buffer, at: number): number {
  if (at < 0 || at + 4 > zip.length) throw new Error("ZIP record cut short");
  return zip.readUInt32LE(at);
}

function readUInt64(zip: Buffer, at: number): number {
  if (at < 0 || at + 8 > zip.length) throw new Error("ZIP record cut short");
  const value = zip.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error("ZIP64 value out of range");
  }
  return Number(value);
}

function findEndRecord(zip: Buffer): number {
  // The end record is 22 bytes plus a comment of up to 65,535.
  const searchFrom = Math.max(0, zip.length - 22 - UINT16_MAX);
  for (let at = zip.length - 22; at >= searchFrom; at--) {
    if (zip.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  throw new Error("ZIP end of central directory not found");
}

function readCentralDirectory(zip: Buffer): ZipEntry[] {
  const end = findEndRecord(zip);
  let count = readUInt16(zip, end + 10);
  let offset = readUInt32(zip, end + 16);
  if (count === UINT16_MAX || offset === UINT32_MAX) {
    // The ZIP64 locator sits just before the end record and points at the
    // ZIP64 end record, which stores the full count and offset.
    const locator = end - 20;
    if (readUInt32(zip, locator) !== ZIP64_LOCATOR_SIGNATURE) {
      throw new Error("ZIP64 end of central directory locator not found");
    }
    const zip64End = readUInt64(zip, locator + 8);
    if (readUInt32(zip, zip64End) !== ZIP64_EOCD_SIGNATURE) {
      throw new Error("ZIP64 end of central directory damaged");
    }
    count = readUInt64(zip, zip64End + 32);
    offset = readUInt64(zip, zip64End + 48);
  }

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let index = 0; index < count; index++) {
    if (readUInt32(zip, at) !== CENTRAL_SIGNATURE) {
      throw new Error("ZIP central directory entry damaged");
    }
    const nameLength = readUInt16(zip, at + 28);
    const extraLength = readUInt16(zip, at + 30);
    const commentLength = readUInt16(zip, at + 32);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd + extraLength > zip.length) {
      throw new Error("ZIP central directory entry cut short");
    }
    const entry: ZipEntry = {
      name: zip.toString("utf8", at + 46, nameEnd),
      method: readUInt16(zip, at + 10),
      // Bit 0 of the flags marks an encrypted entry.
      encrypted: (readUInt16(zip, at + 8) & 1) === 1,
      compressedSize: readUInt32(zip, at + 20),
      size: readUInt32(zip, at + 24),
      headerOffset: readUInt32(zip, at + 42),
    };
    readZip64Fields(zip, entry, nameEnd, nameEnd + extraLength);
    entries.push(entry);
    at = nameEnd + extraLength + commentLength;
  }
  // Some readers take every entry up to the end record, past the count
  // in it, so an entry past the count would be read by them alone.
  if (at + 4 <= zip.length && zip.readUInt32LE(at) === CENTRAL_SIGNATURE) {
    throw new Error("ZIP central directory has more entries than its count");
  }
  return entries;
}

/**
 * Replaces the 32-bit fields set to 0xffffffff with the 64-bit values of
 * the entry's ZIP64 extra field, which lists them in this order.
 */
function readZip64Fields(
  zip: Buffer,
  entry: ZipEntry,
  from: number,
  to: number,
) {
  const missing = (["size", "compressedSize", "headerOffset"] as const).filter(
    (field) => entry[field] === UINT32_MAX,
  );
  if (missing.length === 0) return;
  for (let at = from; at + 4 <= to;) {
    const id = zip.readUInt16LE(at);
    const length = zip.readUInt16LE(at + 2);
    if (id === ZIP64_EXTRA_ID) {
      if (length < missing.length * 8 || at + 4 + length > to) break;
      missing.forEach((field, index) => {
        entry[field] = readUInt64(zip, at + 4 + index * 8);
      });
      return;
    }
    at += 4 + length;
  }
  throw new Error(`ZIP64 sizes of ${entry.name} not found`);
}
