import mammoth from "mammoth";
import { describe, expect, test } from "vitest";

import {
  checkDocxSize,
  DocxTooLargeError,
  MAX_DOCX_INFLATED_BYTES,
  readDocxText,
} from "@/lib/screening/docx-text";
import {
  extractResumeText,
  normalizeResumeText,
} from "@/lib/screening/resume-text";
import { buildDocxFromXml } from "@/tests/fixtures/resume-files";

// The root element Word 2016 writes, with its namespaces and the
// Ignorable list for its extensions.
const ROOT =
  '<w:document xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:o="urn:schemas-microsoft-com:office:office" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:w10="urn:schemas-microsoft-com:office:word" ' +
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' +
  'mc:Ignorable="w14 wp14">';

function wordDocument(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n${ROOT}<w:body>${body}<w:sectPr w:rsidR="00A1"><w:pgSz w:w="11906" w:h="16838"/><w:cols w:space="708"/></w:sectPr></w:body></w:document>`;
}

const run = (text: string, properties = "") =>
  `<w:r>${properties ? `<w:rPr>${properties}</w:rPr>` : ""}<w:t xml:space="preserve">${text}</w:t></w:r>`;

const paragraph = (content: string, properties = "") =>
  `<w:p w14:paraId="1A2B3C4D" w:rsidR="00A1">${properties ? `<w:pPr>${properties}</w:pPr>` : ""}${content}</w:p>`;

// Parts of a resume as Word writes them, each a body fragment.
const FRAGMENTS: Record<string, string> = {
  styled: paragraph(
    run("Jane Doe", '<w:rFonts w:ascii="Calibri"/><w:b/><w:sz w:val="32"/>'),
    '<w:pStyle w:val="Title"/><w:spacing w:after="120"/><w:rPr><w:b/></w:rPr>',
  ),
  splitRuns: paragraph(
    `${run("Senior ")}<w:proofErr w:type="spellStart"/>${run("Reakt")}<w:proofErr w:type="spellEnd"/>${run(" developer")}`,
  ),
  entities: paragraph(
    run(
      "R&amp;D &lt;lead&gt; &quot;Q&apos;s&quot; 2019&#x2013;2024 &#8212; done",
    ),
  ),
  tabs: paragraph(
    `${run("Skills")}<w:r><w:tab/></w:r>${run("TypeScript")}`,
    '<w:tabs><w:tab w:val="left" w:pos="2880"/></w:tabs>',
  ),
  hyphens: paragraph(
    `<w:r><w:t>e</w:t><w:noBreakHyphen/><w:t>mail co</w:t><w:softHyphen/><w:t>operation</w:t></w:r>`,
  ),
  bookmarks: paragraph(
    `<w:bookmarkStart w:id="0" w:name="_GoBack"/>${run("Contact")}<w:bookmarkEnd w:id="0"/><w:lastRenderedPageBreak/>`,
  ),
  hyperlink: paragraph(
    `${run("Portfolio: ")}<w:hyperlink r:id="rId5" w:history="1">${run("jane.dev", '<w:rStyle w:val="Hyperlink"/>')}</w:hyperlink>`,
  ),
  field: paragraph(
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://jane.dev" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run("https://jane.dev")}<w:r><w:fldChar w:fldCharType="end"/></w:r>`,
  ),
  table:
    '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>' +
    '<w:tblGrid><w:gridCol w:w="4508"/><w:gridCol w:w="4508"/></w:tblGrid>' +
    `<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="4508" w:type="dxa"/></w:tcPr>${paragraph(run("2019–2024"))}</w:tc>` +
    `<w:tc><w:tcPr><w:tcW w:w="4508" w:type="dxa"/></w:tcPr>${paragraph(run("Acme Corp"))}${paragraph(run("Lead engineer"))}</w:tc></w:tr></w:tbl>`,
  contentControl:
    '<w:sdt><w:sdtPr><w:alias w:val="Name"/><w:id w:val="-1"/><w:placeholder><w:docPart w:val="X"/></w:placeholder></w:sdtPr>' +
    `<w:sdtEndPr/><w:sdtContent>${paragraph(run("Summary in a content control"))}</w:sdtContent></w:sdt>`,
  tracked: paragraph(
    `${run("Worked ")}<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">${run("remotely ")}</w:ins>` +
      `<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>onsite </w:delText></w:r></w:del>` +
      `<w:moveFrom w:id="3" w:author="A" w:date="2024-01-01T00:00:00Z">${run("moved away ")}</w:moveFrom>` +
      `<w:moveTo w:id="4" w:author="A" w:date="2024-01-01T00:00:00Z">${run("since 2020")}</w:moveTo>`,
  ),
  smartTag: paragraph(
    `<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">${run("Berlin")}</w:smartTag>`,
  ),
  textBox: paragraph(
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wps:wsp><wps:txbx><w:txbxContent>' +
      paragraph(run("Text box, DrawingML")) +
      "</w:txbxContent></wps:txbx></wps:wsp></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>" +
      '<v:shapetype id="_x0000_t202" coordsize="21600,21600"><v:stroke joinstyle="miter"/></v:shapetype>' +
      '<v:shape id="Text Box 2" type="#_x0000_t202"><v:textbox><w:txbxContent>' +
      paragraph(run("Text box, VML")) +
      "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
  ),
  picture: paragraph(
    `${run("Photo:")}<w:r><w:drawing><wp:inline distT="0"><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="Picture 1" descr="Jane smiling"/></wp:inline></w:drawing></w:r>`,
  ),
  notes: paragraph(
    `${run("Certified")}<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>` +
      `<w:commentRangeStart w:id="0"/>${run(" twice")}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>`,
  ),
  emptyParagraphs: `<w:p/>${paragraph("")}<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:p>`,
};

async function mammothText(bytes: Uint8Array): Promise<string> {
  const { value } = await mammoth.extractRawText({
    buffer: Buffer.from(bytes),
  });
  return normalizeResumeText(value);
}

describe("readDocxText", () => {
  test.each(Object.entries(FRAGMENTS))(
    "%s reads as mammoth reads it",
    async (_name, body) => {
      const docx = await buildDocxFromXml(wordDocument(body));
      const text = readDocxText(docx);

      expect(text).not.toBeNull();
      expect(normalizeResumeText(text!)).toBe(await mammothText(docx));
    },
  );

  test("a whole resume reads as mammoth reads it", async () => {
    const body = Object.values(FRAGMENTS).join("");
    for (const compression of ["DEFLATE", "STORE"] as const) {
      const docx = await buildDocxFromXml(wordDocument(body), { compression });
      const text = normalizeResumeText(readDocxText(docx) ?? "");

      expect(text).toBe(await mammothText(docx));
      expect(text).toContain('R&D <lead> "Q\'s" 2019–2024 — done');
      expect(text).toContain("Text box, VML");
      expect(text).not.toContain("Text box, DrawingML");
      expect(text).not.toContain("onsite");
      expect(text).not.toContain("HYPERLINK");
    }
  });

  test("a line break starts a new line", async () => {
    const docx = await buildDocxFromXml(
      wordDocument(
        paragraph(`<w:r><w:t>Jane Doe</w:t><w:br/><w:t>Berlin</w:t></w:r>`),
      ),
    );

    expect(readDocxText(docx)).toBe("Jane Doe\nBerlin\n");
    // mammoth joins the words on either side of the break.
    expect(await mammothText(docx)).toBe("Jane DoeBerlin");
  });

  test.each([
    [
      "a symbol",
      paragraph('<w:r><w:sym w:font="Wingdings" w:char="F0B7"/></w:r>'),
    ],
    [
      "a simple field",
      paragraph(`<w:fldSimple w:instr=" PAGE ">${run("1")}</w:fldSimple>`),
    ],
    ["a comment", `<!-- note -->${paragraph(run("Jane"))}`],
    ["CDATA", paragraph("<w:r><w:t><![CDATA[Jane]]></w:t></w:r>")],
    ["an unknown entity", paragraph(run("&nbsp;"))],
    ["a bare ampersand", paragraph(run("R & D"))],
    [
      "a checkbox",
      `<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr><w:sdtContent>${paragraph(run("☒ Yes"))}</w:sdtContent></w:sdt>`,
    ],
    [
      "a namespace bound inside",
      paragraph(`<w:r xmlns:w="urn:other">${"<w:t>x</w:t>"}</w:r>`),
    ],
    ["unbalanced tags", "<w:p><w:r><w:t>Jane</w:t></w:p>"],
  ])("leaves %s to mammoth", async (_name, body) => {
    const docx = await buildDocxFromXml(wordDocument(body));

    expect(readDocxText(docx)).toBeNull();
  });

  test("leaves other namespaces and main parts to mammoth", async () => {
    const strict = await buildDocxFromXml(
      '<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:t>Jane</w:t></w:r></w:p></w:body></w:document>',
    );
    const otherPrefix = await buildDocxFromXml(
      '<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>Jane</x:t></x:r></x:p></x:body></x:document>',
    );
    const otherPart = await buildDocxFromXml(
      wordDocument(paragraph(run("Jane"))),
      {
        relationships:
          '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/main.xml"/></Relationships>',
      },
    );

    expect(readDocxText(strict)).toBeNull();
    expect(readDocxText(otherPrefix)).toBeNull();
    expect(readDocxText(otherPart)).toBeNull();
  });

  test("refuses a document part over the limit", async () => {
    const docx = await buildBomb("word/document.xml");

    expect(docx.length).toBeLessThan(1024 * 1024);
    expect(() => readDocxText(docx)).toThrow(DocxTooLargeError);
    const result = await extractResumeText(docx, "bomb.docx");
    expect(result).toMatchObject({ ok: false, reason: "too_large" });
  });

  test("refuses a part whose header understates its size", async () => {
    const docx = setDeclaredSize(
      await buildBomb("word/document.xml"),
      "word/document.xml",
      1_000,
    );

    expect(() => readDocxText(docx)).toThrow(DocxTooLargeError);
    expect(await extractResumeText(docx)).toMatchObject({
      ok: false,
      reason: "too_large",
    });
  });

  test("checks every part before mammoth reads any", async () => {
    // The document needs mammoth (a symbol), and the bomb is in styles.
    const docx = await buildDocxFromXml(
      wordDocument(
        paragraph('<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>'),
      ),
      { extraParts: { "word/styles.xml": bombXml() } },
    );

    expect(readDocxText(docx)).toBeNull();
    expect(() => checkDocxSize(docx)).toThrow(DocxTooLargeError);
    expect(await extractResumeText(docx)).toMatchObject({
      ok: false,
      reason: "too_large",
    });
  });

  test("scans a run of unclosed tags in one pass", async () => {
    const docx = await buildDocxFromXml(
      wordDocument("").replace("</w:body></w:document>", "<".repeat(64_000)),
    );

    const startedAt = performance.now();
    expect(readDocxText(docx)).toBeNull();
    // A scan that looks ahead from every "<" took about 10 s here.
    expect(performance.now() - startedAt).toBeLessThan(2_000);
  });

  test("damaged archives are corrupt", async () => {
    const docx = await buildDocxFromXml(
      wordDocument(paragraph(run("Jane Doe"))),
    );

    expect(() => readDocxText(docx.slice(0, docx.length - 30))).toThrow();
    const result = await extractResumeText(docx.slice(0, docx.length - 30));
    expect(result).toMatchObject({ ok: false, reason: "corrupt_file" });
  });

  test("reads a ZIP64 archive", async () => {
    const docx = toZip64(
      await buildDocxFromXml(wordDocument(paragraph(run("Jane Doe, ZIP64")))),
    );

    expect(await mammothText(docx)).toBe("Jane Doe, ZIP64");
    expect(readDocxText(docx)).toBe("Jane Doe, ZIP64\n");
    expect(() => checkDocxSize(docx)).not.toThrow();
  });
});

describe("readDocxText where mammoth reads otherwise", () => {
  test("a text box comes after its paragraph", async () => {
    const textBox =
      '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice><mc:Fallback><w:pict>' +
      '<v:shape id="Text Box 2"><v:textbox><w:txbxContent>' +
      paragraph(run("Skills")) +
      "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>";
    const docx = await buildDocxFromXml(
      wordDocument(
        paragraph(run("Experience") + textBox + run("Acme Corp")) +
          paragraph(run("Next")),
      ),
    );

    expect(await mammothText(docx)).toBe("ExperienceAcme Corp\nSkills\nNext");
    expect(normalizeResumeText(readDocxText(docx) ?? "")).toBe(
      await mammothText(docx),
    );
  });

  const tracked = 'w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"';
  const cell = (content: string, properties: string) =>
    `<w:tc><w:tcPr>${properties}</w:tcPr>${content}</w:tc>`;

  test.each([
    [
      "a deleted paragraph mark",
      paragraph(run("Foo"), `<w:rPr><w:del ${tracked}/></w:rPr>`) +
        paragraph(run("Bar")),
    ],
    [
      "a deleted table row",
      `<w:tbl><w:tr><w:trPr><w:del ${tracked}/></w:trPr>${cell(paragraph(run("Row")), "")}</w:tr></w:tbl>` +
        paragraph(run("After")),
    ],
    [
      "merged cells",
      `<w:tbl><w:tr>${cell(paragraph(run("A")), '<w:vMerge w:val="restart"/>')}</w:tr>` +
        `<w:tr>${cell(paragraph(run("Hidden")), "<w:vMerge/>")}</w:tr></w:tbl>`,
    ],
    [
      "a processing instruction in the body",
      paragraph("<w:r><w:t>A<?pi x>y?>B</w:t></w:r>"),
    ],
  ])("leaves %s to mammoth", async (_name, body) => {
    const docx = await buildDocxFromXml(wordDocument(body));

    expect(readDocxText(docx)).toBeNull();
  });

  test.each(["word//document.xml", "./word/document.xml", "word/./x.xml"])(
    "leaves an entry named %s to mammoth",
    async (name) => {
      const docx = await buildDocxFromXml(
        wordDocument(paragraph(run("Alpha"))),
        { extraParts: { [name]: wordDocument(paragraph(run("Bravo"))) } },
      );

      expect(readDocxText(docx)).toBeNull();
    },
  );

  test("refuses entries past the directory's count", async () => {
    const docx = Buffer.from(
      await buildDocxFromXml(wordDocument(paragraph(run("Alpha"))), {
        extraParts: { "word/other.xml": "<x/>" },
      }),
    );
    const end = docx.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    docx.writeUInt16LE(docx.readUInt16LE(end + 8) - 1, end + 8);
    docx.writeUInt16LE(docx.readUInt16LE(end + 10) - 1, end + 10);

    expect(() => readDocxText(docx)).toThrow(/more entries than its count/);
  });
});

/** Builds a document.xml over MAX_DOCX_INFLATED_BYTES that deflates to little. */
function bombXml(): string {
  const filler = paragraph(run("x".repeat(1024 * 1024)));
  return wordDocument(
    filler.repeat(Math.ceil(MAX_DOCX_INFLATED_BYTES / (1024 * 1024)) + 1),
  );
}

async function buildBomb(name: string): Promise<Uint8Array> {
  return name === "word/document.xml"
    ? buildDocxFromXml(bombXml())
    : buildDocxFromXml(wordDocument(paragraph(run("Jane"))), {
        extraParts: { [name]: bombXml() },
      });
}

/** Central directory entries of a ZIP, with their offsets. */
function centralEntries(zip: Buffer) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries: { at: number; name: string; length: number }[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let index = 0; index < zip.readUInt16LE(end + 10); index++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const length =
      46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    entries.push({
      at,
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      length,
    });
    at += length;
  }
  return { end, entries };
}

/** Sets an entry's uncompressed size in its local and central headers. */
function setDeclaredSize(
  bytes: Uint8Array,
  name: string,
  size: number,
): Uint8Array {
  const zip = Buffer.from(bytes);
  for (const entry of centralEntries(zip).entries) {
    if (entry.name !== name) continue;
    zip.writeUInt32LE(size, entry.at + 24);
    zip.writeUInt32LE(size, zip.readUInt32LE(entry.at + 42) + 22);
  }
  return new Uint8Array(zip);
}

/**
 * Rewrites a ZIP as ZIP64: each central entry's sizes and offset move to
 * a ZIP64 extra field, and a ZIP64 end record and locator come before an
 * end record whose count and offset are set to their ZIP64 markers.
 */
function toZip64(bytes: Uint8Array): Uint8Array {
  const zip = Buffer.from(bytes);
  const { end, entries } = centralEntries(zip);
  const directoryStart = entries[0]!.at;
  const central = entries.map(({ at, length }) => {
    const entry = Buffer.from(zip.subarray(at, at + length));
    const extra = Buffer.alloc(4 + 24);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(entry.readUInt32LE(24)), 4);
    extra.writeBigUInt64LE(BigInt(entry.readUInt32LE(20)), 12);
    extra.writeBigUInt64LE(BigInt(entry.readUInt32LE(42)), 20);
    entry.writeUInt32LE(0xffffffff, 20);
    entry.writeUInt32LE(0xffffffff, 24);
    entry.writeUInt32LE(0xffffffff, 42);
    const nameEnd = 46 + entry.readUInt16LE(28);
    entry.writeUInt16LE(entry.readUInt16LE(30) + extra.length, 30);
    return Buffer.concat([
      entry.subarray(0, nameEnd),
      extra,
      entry.subarray(nameEnd),
    ]);
  });
  const directory = Buffer.concat(central);
  const zip64End = Buffer.alloc(56);
  zip64End.writeUInt32LE(0x06064b50, 0);
  zip64End.writeBigUInt64LE(44n, 4);
  zip64End.writeUInt16LE(45, 12);
  zip64End.writeUInt16LE(45, 14);
  zip64End.writeBigUInt64LE(BigInt(entries.length), 24);
  zip64End.writeBigUInt64LE(BigInt(entries.length), 32);
  zip64End.writeBigUInt64LE(BigInt(directory.length), 40);
  zip64End.writeBigUInt64LE(BigInt(directoryStart), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(directoryStart + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  const endRecord = Buffer.from(zip.subarray(end, end + 22));
  endRecord.writeUInt16LE(0xffff, 8);
  endRecord.writeUInt16LE(0xffff, 10);
  endRecord.writeUInt32LE(0xffffffff, 12);
  endRecord.writeUInt32LE(0xffffffff, 16);
  return new Uint8Array(
    Buffer.concat([
      zip.subarray(0, directoryStart),
      directory,
      zip64End,
      locator,
      endRecord,
    ]),
  );
}
