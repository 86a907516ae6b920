// Small helpers for the benchmark: medians, formatting, and the table of figures and budgets.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}

export interface Row {
  readonly area: string;
  readonly figure: string;
  readonly value: string;
  readonly baseline: string;
  readonly budget: string;
  /** Undefined when the figure has no budget. */
  readonly ok?: boolean;
}

export function printTable(rows: readonly Row[]): string {
  const header = ['area', 'figure', 'measured', 'baseline (same run)', 'budget', 'holds'];
  const lines = rows.map((r) => [r.area, r.figure, r.value, r.baseline, r.budget, r.ok === undefined ? '' : r.ok ? 'yes' : 'NO']);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Runs `fn` `times` times, one after another. */
export async function repeat<T>(times: number, fn: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < times; run++) results.push(await fn(run));
  return results;
}
