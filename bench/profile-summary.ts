import { readFile } from "node:fs/promises";

/**
 * Summarizes a `.cpuprofile` written by the bench (BENCH_CPU_PROFILE):
 * sampled time per library or area, by self time and by inclusive time,
 * and the functions with the most self time.
 *
 *   node --import tsx bench/profile-summary.ts DIR/intake.cpuprofile
 *
 * Inclusive time follows the sampled stack only. Code that resumes after
 * an `await` starts a new stack, so an async caller does not collect the
 * time of what it awaits.
 */

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};

type Profile = {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Checked in order, so the first match names the area of a frame.
const AREAS: [string, RegExp][] = [
  ["PGlite (database engine)", /@electric-sql\/pglite|^wasm:/],
  ["drizzle-orm", /drizzle-orm/],
  ["pdf-lib fontkit (font parse, subset)", /@pdf-lib\/fontkit/],
  ["pdf-lib (with pako deflate)", /pdf-lib|pako/],
  ["pdf.js (unpdf)", /unpdf|pdfjs/],
  ["mammoth (DOCX)", /mammoth|jszip|xmldom|sax|bluebird|lop\/|dingbat/],
  ["pino (logging)", /pino|sonic-boom|thread-stream/],
  ["zod", /zod/],
  ["undici (HTTP client)", /undici|node:internal\/deps\/undici/],
  ["tsx loader", /tsx\/dist/],
  ["relay: screening", /lib\/screening\//],
  ["relay: sync", /lib\/sync\//],
  ["relay: tracker client", /lib\/tracker\//],
  ["relay: other", new RegExp(`^file://${escapeRegExp(process.cwd())}/`)],
  ["node internals", /^node:/],
];

function areaOf(url: string, functionName: string): string {
  for (const [name, pattern] of AREAS) {
    if (pattern.test(url)) return name;
  }
  if (functionName === "(garbage collector)") return "garbage collector";
  if (functionName === "(idle)" || functionName === "(program)") {
    return functionName;
  }
  return url === "" ? "native / VM" : "other";
}

async function main() {
  const file = process.argv[2];
  if (!file) {
    throw new Error(
      "missing profile file. Usage: node --import tsx " +
        "bench/profile-summary.ts DIR/intake.cpuprofile",
    );
  }
  const profile = JSON.parse(await readFile(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }

  const selfByArea = new Map<string, number>();
  const inclusiveByArea = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const totalMs = (profile.endTime - profile.startTime) / 1000;

  profile.samples.forEach((nodeId, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(nodeId)!;
    const { url, functionName, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + ms);
    const key = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "")}:${lineNumber + 1}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + ms);

    const seen = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined;) {
      const frame = byId.get(id)!.callFrame;
      seen.add(areaOf(frame.url, frame.functionName));
      id = parentOf.get(id);
    }
    for (const name of seen) {
      inclusiveByArea.set(name, (inclusiveByArea.get(name) ?? 0) + ms);
    }
  });

  console.log(`${file}: ${totalMs.toFixed(0)} ms profiled\n`);
  console.log("area                                    self ms  inclusive ms");
  const areas = [...selfByArea.entries()].sort((a, b) => b[1] - a[1]);
  for (const [area, ms] of areas) {
    const inclusive = inclusiveByArea.get(area) ?? 0;
    console.log(
      `${area.padEnd(38)} ${ms.toFixed(0).padStart(8)} ${inclusive.toFixed(0).padStart(13)}`,
    );
  }
  console.log("\ntop functions by self time (ms):");
  const functions = [...selfByFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25);
  for (const [name, ms] of functions) {
    console.log(`${ms.toFixed(1).padStart(8)}  ${name}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
