import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";

/**
 * Records V8 CPU profiles of single bench phases when BENCH_CPU_PROFILE
 * names a directory. Each phase is written as `<name>.cpuprofile`, which
 * Chrome DevTools and `bench/profile-summary.ts` read.
 */
export class CpuProfiler {
  private constructor(
    private readonly session: Session,
    private readonly directory: string,
  ) {}

  /** Returns a profiler when BENCH_CPU_PROFILE is set, else null. */
  static async fromEnvironment(): Promise<CpuProfiler | null> {
    const directory = process.env.BENCH_CPU_PROFILE;
    if (!directory) return null;
    await mkdir(directory, { recursive: true });
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    // 100 µs between samples, ten times the default rate, because a phase
    // of 30 candidates lasts only a few seconds.
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    return new CpuProfiler(session, directory);
  }

  async start() {
    await this.session.post("Profiler.start");
  }

  /** Stops the running profile and writes it as `<name>.cpuprofile`. */
  async stop(name: string) {
    const { profile } = await this.session.post("Profiler.stop");
    const file = path.join(this.directory, `${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
  }
}
