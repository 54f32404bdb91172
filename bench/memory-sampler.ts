import type { MemoryFigures } from "./bench-types";

// Short enough to catch the peak of one 10-row page's work.
const SAMPLE_INTERVAL_MS = 20;

/** Samples process.memoryUsage() on a timer and keeps the peaks. */
export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private figures: MemoryFigures = {
    startRss: 0,
    peakRss: 0,
    peakHeapUsed: 0,
    peakArrayBuffers: 0,
    samples: 0,
  };

  start() {
    this.figures.startRss = process.memoryUsage().rss;
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
  }

  stop(): MemoryFigures {
    clearInterval(this.timer);
    this.sample();
    return { ...this.figures };
  }

  private sample() {
    const usage = process.memoryUsage();
    const figures = this.figures;
    figures.peakRss = Math.max(figures.peakRss, usage.rss);
    figures.peakHeapUsed = Math.max(figures.peakHeapUsed, usage.heapUsed);
    figures.peakArrayBuffers = Math.max(
      figures.peakArrayBuffers,
      usage.arrayBuffers,
    );
    figures.samples += 1;
  }
}
