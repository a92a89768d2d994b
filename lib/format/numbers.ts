// Numbers as the monthly report writes them: 41,946,836 / 109.04% / 1.16pt / "-" when there is
// no value to compare with. Percentages are cut to 2 decimals, as in the sample.

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? "-" : n.toLocaleString("en-US");
}

export function formatPercent(p: number | null | undefined): string {
  return p === null || p === undefined ? "-" : `${p.toFixed(2)}%`;
}

export function formatPt(pt: number | null | undefined): string {
  return pt === null || pt === undefined ? "-" : `${pt.toFixed(2)}pt`;
}

/** this / previous in percent, "-" without a previous value (the sample's 前月比). */
export function formatRatio(current: number, previous: number | null | undefined): string {
  return previous ? formatPercent(percent(current, previous)) : "-";
}

/**
 * part / whole in percent, cut (not rounded) to 2 decimals as the sample report does
 * (41,946,836 / 38,467,358 → 109.04%, 14,377,645 / 41,946,836 → 34.27%). Integer arithmetic:
 * no float ever turns 34.27 into 34.26.
 */
export function percent(part: number, whole: number): number | null {
  if (!(whole > 0)) return null;
  let q = Math.floor((part * 10000) / whole);
  if (q * whole > part * 10000) q--; // a quotient rounded up to the next integer
  return q / 100;
}

/** Difference of two percentages (each with 2 decimals) in points, exact. */
export function pointChange(current: number, previous: number): number {
  return (Math.round(current * 100) - Math.round(previous * 100)) / 100;
}
