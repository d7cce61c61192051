/** One printed figure of `npm run bench`. `ok` says whether `value` meets `target`. */
export interface BenchFigure {
  scenario: string;
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "≤ 1.15". */
  target: string;
  ok: boolean;
  note?: string;
}
