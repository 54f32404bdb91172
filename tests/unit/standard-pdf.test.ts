import { inflateSync } from "node:zlib";

import { PDFDocument } from "pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, test } from "vitest";

import { standardFonts } from "@/lib/screening/report/fonts";
import { PdfWriter } from "@/lib/screening/report/pdf-writer";
import { StandardPdf } from "@/lib/screening/report/standard-pdf";

const INFO = {
  title: "Screening report: Zoë “Ann” Ωmega",
  subject: "Senior React Developer · Frontend screener",
  producer: "Tracker Relay",
  creationDate: new Date("2024-06-16T10:00:00Z"),
};

function writePdf(draw: (writer: PdfWriter) => void, strict = true): Buffer {
  const pdf = new StandardPdf();
  draw(new PdfWriter(pdf, { strict }));
  return pdf.save(INFO);
}

async function readText(bytes: Buffer): Promise<string[]> {
  const document = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(document, { mergePages: false });
  return text;
}

describe("StandardPdf", () => {
  test("cross-reference offsets point at their objects", () => {
    const bytes = writePdf((writer) => {
      for (let line = 0; line < 120; line++) writer.text(`Line ${line}`);
      writer.footer("Footer");
    });
    const file = bytes.toString("latin1");

    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(file)?.[1]);
    expect(file.slice(startxref, startxref + 5)).toBe("xref\n");
    const table = /^xref\n0 (\d+)\n((?:\d{10} \d{5} [fn] \n)+)trailer\n/.exec(
      file.slice(startxref),
    );
    expect(table).not.toBeNull();
    const entries = table![2]!.match(/.{20}/gs) ?? [];
    expect(entries).toHaveLength(Number(table![1]));
    expect(entries[0]).toBe("0000000000 65535 f \n");
    entries.slice(1).forEach((entry, index) => {
      const offset = Number(entry.slice(0, 10));
      const header = `${index + 1} 0 obj\n`;
      expect(file.slice(offset, offset + header.length)).toBe(header);
    });
    expect(file).toContain(`/Size ${entries.length} /Root 1 0 R`);
  });

  test("stream lengths match their data", () => {
    const bytes = writePdf((writer) => writer.text("Short page"));
    const file = bytes.toString("latin1");
    const streams = [
      ...file.matchAll(/\/Length (\d+) \/Filter \/FlateDecode >>\nstream\n/g),
    ];

    expect(streams).toHaveLength(1);
    for (const match of streams) {
      const start = match.index + match[0].length;
      const length = Number(match[1]);
      expect(file.slice(start + length, start + length + 10)).toBe(
        "\nendstream",
      );
      const content = inflateSync(bytes.subarray(start, start + length));
      expect(content.toString("latin1")).toContain("(Short page) Tj");
    }
  });

  test("pages, text and rules read back", async () => {
    const bytes = writePdf((writer) => {
      writer.heading("Steps (first) \\ last");
      writer.text("Zoë Ødegård-Šára “Ann” € – done…", { bold: true });
      for (let line = 0; line < 70; line++) writer.bullet(`Point ${line}`);
      writer.footer("Report");
    });
    const document = await PDFDocument.load(bytes);
    const pages = await readText(bytes);

    expect(document.getPageCount()).toBe(2);
    expect(document.getPage(0).getSize()).toEqual({
      width: 595.28,
      height: 841.89,
    });
    expect(pages[0]).toContain("Steps (first) \\ last");
    expect(pages[0]).toContain("Zoë Ødegård-Šára “Ann” € – done…");
    expect(pages[1]).toContain("Point 69");
    expect(pages[1]).toContain("Report · page 2 of 2");
  });

  test("document information reads back", async () => {
    const document = await PDFDocument.load(
      writePdf((writer) => writer.text("Body")),
      // Without this option, pdf-lib rewrites the producer and dates on load.
      { updateMetadata: false },
    );

    expect(document.getTitle()).toBe(INFO.title);
    expect(document.getSubject()).toBe(INFO.subject);
    expect(document.getProducer()).toBe(INFO.producer);
    expect(document.getCreationDate()).toEqual(INFO.creationDate);
  });

  test("every WinAnsi character reads back as written", async () => {
    const characters = [...standardFonts().characters]
      .map((code) => String.fromCodePoint(code))
      // Soft hyphens are dropped before drawing; spaces would be merged.
      .filter((character) => character !== "\u00ad" && character !== " ")
      .join("");
    const lines = characters.match(/.{1,40}/gu) ?? [];
    const bytes = writePdf((writer) => {
      for (const line of lines) writer.text(line);
    });

    const [page] = await readText(bytes);
    // pdf.js reads a no-break space as a space and the micro sign as the
    // Greek mu, whatever the file maps them to.
    for (const line of lines) {
      expect(page).toContain(line.replace("\u00a0", " ").replace("µ", "μ"));
    }
  });

  test("drops soft hyphens", async () => {
    const bytes = writePdf((writer) => writer.text("co\u00adoperation"));

    expect((await readText(bytes))[0]).toContain("cooperation");
  });

  test("refuses numbers a PDF cannot hold", () => {
    const pdf = new StandardPdf();
    pdf.addPage(100, 100);
    const draw = {
      y: 10,
      size: 10,
      font: pdf.fonts.regular,
      color: { red: 0, green: 0, blue: 0 },
    };

    for (const x of [1e21, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => pdf.drawText(0, "x", { ...draw, x })).toThrow(RangeError);
    }
  });

  test("replaces characters when not strict", async () => {
    const bytes = writePdf((writer) => writer.text("Łukasz Dvořák 王"), false);

    expect((await readText(bytes))[0]).toContain("?ukasz Dvorák ?");
  });

  test("rejects a page it does not have", () => {
    const pdf = new StandardPdf();

    expect(() =>
      pdf.drawText(0, "x", {
        x: 0,
        y: 0,
        size: 10,
        font: pdf.fonts.regular,
        color: { red: 0, green: 0, blue: 0 },
      }),
    ).toThrow("no page 0");
  });
});
