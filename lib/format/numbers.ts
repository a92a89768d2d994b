// Numbers as the monthly report writes them: 41,946,836 / 109.04% / 1.16pt / "-" when there is
// no value to compare with.

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
  return previous ? formatPercent(Math.round((10000 * current) / previous) / 100) : "-";
}
