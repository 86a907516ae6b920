/** How long one slice of background work may run: well inside a frame. */
const SLICE_MS = 8;

/**
 * Work that may wait, such as drawing the older messages of a long conversation: the newest job
 * runs first, a few milliseconds at a time, with the page free to paint and take input in between.
 */
export class BackgroundQueue {
  private readonly jobs: (() => void)[] = [];
  private scheduled = false;

  /** `afterSlice` runs after each slice of jobs, e.g. to keep the log scrolled to the bottom. */
  constructor(private readonly afterSlice: () => void) {}

  /** Jobs pushed later run first. */
  push(job: () => void): void {
    this.jobs.push(job);
  }

  clear(): void {
    this.jobs.length = 0;
  }

  /** Runs jobs for up to `ms` now, and schedules the rest. */
  run(ms = SLICE_MS): void {
    const end = performance.now() + ms;
    while (this.jobs.length > 0 && performance.now() < end) this.jobs.pop()!();
    this.afterSlice();
    if (this.jobs.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setTimeout(() => {
        this.scheduled = false;
        this.run();
      }, 0);
    }
  }
}
