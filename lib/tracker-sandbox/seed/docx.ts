import { crc32, deflateRawSync } from "node:zlib";

/**
 * Builds minimal but valid Word (.docx) files: a zip archive holding the
 * three parts Word needs ([Content_Types].xml, _rels/.rels and
 * word/document.xml). Output is byte-for-byte deterministic, because every
 * entry carries the same fixed timestamp.
 */

export type DocxParagraph = {
  text: string;
  bold?: boolean;
  /** Font size in points. */
  sizePt?: number;
};

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  "</Types>";

const PACKAGE_RELATIONSHIPS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  "</Relationships>";

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function paragraphXml(paragraph: DocxParagraph): string {
  const properties: string[] = [];
  if (paragraph.bold) properties.push("<w:b/>");
  if (paragraph.sizePt) {
    // Word stores font sizes in half-points.
    properties.push(`<w:sz w:val="${paragraph.sizePt * 2}"/>`);
  }
  const runProperties =
    properties.length > 0 ? `<w:rPr>${properties.join("")}</w:rPr>` : "";
  return (
    `<w:p><w:r>${runProperties}` +
    `<w:t xml:space="preserve">${escapeXml(paragraph.text)}</w:t>` +
    "</w:r></w:p>"
  );
}

function documentXml(paragraphs: DocxParagraph[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `<w:body>${paragraphs.map(paragraphXml).join("")}<w:sectPr/></w:body>` +
    "</w:document>"
  );
}

// MS-DOS date for 1980-01-01 (day 1, month 1, year offset 0), time 00:00.
const DOS_DATE = (1 << 5) | 1;
const DOS_TIME = 0;

/** Writes a zip archive of deflated entries (PKWARE APPNOTE 6.3.x). */
export function createZip(entries: { name: string; data: Buffer }[]): Buffer {
  const localParts: Buffer[] = [];
  const centralParts: Buffer[] = [];
  let offset = 0;

  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const compressed = deflateRawSync(entry.data);
    const checksum = crc32(entry.data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 for deflate
    local.writeUInt16LE(0x0800, 6); // flag bit 11: names are UTF-8
    local.writeUInt16LE(8, 8); // method 8: deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    localParts.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // Extra length, comment length, disk, attributes: all zero.
    central.writeUInt32LE(offset, 42);
    centralParts.push(central, name);

    offset += local.length + name.length + compressed.length;
  }

  const centralDirectory = Buffer.concat(centralParts);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);

  return Buffer.concat([...localParts, centralDirectory, end]);
}

export function createDocx(paragraphs: DocxParagraph[]): Buffer {
  return createZip([
    { name: "[Content_Types].xml", data: Buffer.from(CONTENT_TYPES) },
    { name: "_rels/.rels", data: Buffer.from(PACKAGE_RELATIONSHIPS) },
    {
      name: "word/document.xml",
      data: Buffer.from(documentXml(paragraphs), "utf8"),
    },
  ]);
}
