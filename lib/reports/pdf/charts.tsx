import React from "react";
import { G, Line, Path, Rect, Svg, Text } from "@react-pdf/renderer";
import { COLORS, type PairPoint, type Series, type StackPoint } from "../chart-data";
import { PDF_FONT_FAMILY } from "./fonts";

// Charts of the PDF drawn with react-pdf's Svg primitives from the same series as the web's recharts.

const AXIS = "#667085";
const GRID = "#e4e7ec";
const font = (size: number) => ({ fontFamily: PDF_FONT_FAMILY, fontSize: size });

/** 1, 2, 5 × 10^k steps so that about `ticks` lines cover max. */
function niceMax(max: number, ticks = 4): { top: number; step: number } {
  if (max <= 0) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const stepInt = Math.max(1, Math.round(step)) === step ? step : Math.max(1, Math.ceil(step));
  return { top: Math.ceil(max / stepInt) * stepInt, step: stepInt };
}

const short = (v: number) => (v >= 1e8 ? `${Math.round(v / 1e7) / 10}億` : v >= 1e4 ? `${Math.round(v / 1e3) / 10}万` : v.toLocaleString("en-US"));

function Legend({ items, x, y }: { items: { name: string; color: string }[]; x: number; y: number }) {
  let cx = x;
  return (
    <G>
      {items.map((it) => {
        const el = (
          <G key={it.name}>
            <Rect x={cx} y={y - 6} width={7} height={7} fill={it.color} />
            <Text x={cx + 10} y={y} style={font(7)} fill={AXIS}>
              {it.name}
            </Text>
          </G>
        );
        cx += 16 + it.name.length * 6.5;
        return el;
      })}
    </G>
  );
}

function YAxis({ top, step, x, y0, h, w }: { top: number; step: number; x: number; y0: number; h: number; w: number }) {
  const lines = [];
  for (let v = 0; v <= top; v += step) {
    const y = y0 - (v / top) * h;
    lines.push(
      <G key={v}>
        <Line x1={x} y1={y} x2={x + w} y2={y} stroke={GRID} strokeWidth={0.5} />
        <Text x={x - 3} y={y + 2.5} style={font(6)} fill={AXIS} textAnchor="end">
          {short(v)}
        </Text>
      </G>,
    );
  }
  return <G>{lines}</G>;
}

/** Daily stacked bars (alerts by level, allowed/blocked). */
export function StackedBars({ series, points, width = 515, height = 150 }: { series: Series[]; points: StackPoint[]; width?: number; height?: number }) {
  const left = 38;
  const bottom = 16;
  const top = 16;
  const plotW = width - left - 6;
  const plotH = height - bottom - top;
  const max = Math.max(0, ...points.map((p) => series.reduce((a, s) => a + (p.values[s.key] ?? 0), 0)));
  const scale = niceMax(max);
  const slot = plotW / Math.max(1, points.length);
  const barW = Math.max(1, slot * 0.7);
  const y0 = top + plotH;
  // One path per series (a subpath per bar): a few nodes per chart instead of one per bar keeps
  // the PDF's layout time down.
  const stackTop = points.map(() => 0);
  const paths = series.map((s) => {
    let d = "";
    points.forEach((p, i) => {
      const v = p.values[s.key] ?? 0;
      if (!v) return;
      const h = (v / scale.top) * plotH;
      const x = left + i * slot + (slot - barW) / 2;
      const y = y0 - stackTop[i]! - h;
      stackTop[i]! += h;
      d += `M${x.toFixed(2)} ${y.toFixed(2)}h${barW.toFixed(2)}v${h.toFixed(2)}h${(-barW).toFixed(2)}Z`;
    });
    return d ? <Path key={s.key} d={d} fill={s.color} /> : null;
  });
  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <YAxis top={scale.top} step={scale.step} x={left} y0={y0} h={plotH} w={plotW} />
      {paths}
      {points.map((p, i) =>
        i === 0 || (i + 1) % 5 === 0 ? (
          <Text key={p.label + i} x={left + i * slot + slot / 2} y={y0 + 9} style={font(6)} fill={AXIS} textAnchor="middle">
            {p.label}
          </Text>
        ) : null,
      )}
      <Line x1={left} y1={y0} x2={left + plotW} y2={y0} stroke={AXIS} strokeWidth={0.6} />
      <Legend items={series} x={left} y={9} />
    </Svg>
  );
}

/** Previous vs this month, grouped bars. */
export function PairBars({ points, width = 250, height = 140 }: { points: PairPoint[]; width?: number; height?: number }) {
  const left = 40;
  const bottom = 16;
  const top = 16;
  const plotW = width - left - 6;
  const plotH = height - bottom - top;
  const max = Math.max(0, ...points.flatMap((p) => [p.previous, p.current]));
  const scale = niceMax(max);
  const slot = plotW / Math.max(1, points.length);
  const barW = Math.min(28, slot * 0.32);
  const y0 = top + plotH;
  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <YAxis top={scale.top} step={scale.step} x={left} y0={y0} h={plotH} w={plotW} />
      {points.map((p, i) => {
        const cx = left + i * slot + slot / 2;
        const hp = (p.previous / scale.top) * plotH;
        const hc = (p.current / scale.top) * plotH;
        return (
          <G key={p.label}>
            <Rect x={cx - barW - 1} y={y0 - hp} width={barW} height={hp} fill={COLORS.previous} />
            <Rect x={cx + 1} y={y0 - hc} width={barW} height={hc} fill={COLORS.current} />
            <Text x={cx} y={y0 + 10} style={font(7)} fill={AXIS} textAnchor="middle">
              {p.label}
            </Text>
          </G>
        );
      })}
      <Line x1={left} y1={y0} x2={left + plotW} y2={y0} stroke={AXIS} strokeWidth={0.6} />
      <Legend
        items={[
          { name: "前月", color: COLORS.previous },
          { name: "当月", color: COLORS.current },
        ]}
        x={left}
        y={9}
      />
    </Svg>
  );
}

/** アラート検知割合: a pie of this month's alerts by level. */
export function Pie({ slices, width = 250, height = 140 }: { slices: { name: string; value: number; color: string }[]; width?: number; height?: number }) {
  const total = slices.reduce((a, s) => a + s.value, 0);
  const r = Math.min(height - 20, width / 2) / 2;
  const cx = r + 10;
  const cy = height / 2;
  let angle = -Math.PI / 2;
  const paths = slices
    .filter((s) => s.value > 0)
    .map((s) => {
      const a = (s.value / total) * Math.PI * 2;
      const x1 = cx + r * Math.cos(angle);
      const y1 = cy + r * Math.sin(angle);
      angle += a;
      const x2 = cx + r * Math.cos(angle);
      const y2 = cy + r * Math.sin(angle);
      const d = a >= Math.PI * 2 - 1e-9 ? `M ${cx - r} ${cy} A ${r} ${r} 0 1 1 ${cx + r} ${cy} A ${r} ${r} 0 1 1 ${cx - r} ${cy} Z` : `M ${cx} ${cy} L ${x1} ${y1} A ${r} ${r} 0 ${a > Math.PI ? 1 : 0} 1 ${x2} ${y2} Z`;
      return <Path key={s.name} d={d} fill={s.color} stroke="#ffffff" strokeWidth={0.8} />;
    });
  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {total === 0 ? (
        <Text x={cx} y={cy} style={font(8)} fill={AXIS} textAnchor="middle">
          当月はアラートが発生していません。
        </Text>
      ) : (
        paths
      )}
      {slices.map((s, i) => (
        <G key={s.name}>
          <Rect x={2 * r + 30} y={cy - 30 + i * 16} width={8} height={8} fill={s.color} />
          <Text x={2 * r + 42} y={cy - 23 + i * 16} style={font(7.5)} fill="#1b2430">
            {`${s.name}  ${s.value} 件${total ? ` (${((100 * s.value) / total).toFixed(1)}%)` : ""}`}
          </Text>
        </G>
      ))}
    </Svg>
  );
}

/** Horizontal bars of a top-10 table. */
export function HBars({ rows, width = 515, height }: { rows: { label: string; value: number }[]; width?: number; height?: number }) {
  const rowH = 13;
  const h = height ?? rows.length * rowH + 10;
  const left = 150;
  const plotW = width - left - 60;
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <Svg width={width} height={h} viewBox={`0 0 ${width} ${h}`}>
      {rows.map((r, i) => {
        const y = 4 + i * rowH;
        const w = (r.value / max) * plotW;
        return (
          <G key={r.label + i}>
            <Text x={left - 4} y={y + 8} style={font(6.5)} fill="#1b2430" textAnchor="end">
              {r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label}
            </Text>
            <Rect x={left} y={y + 1} width={Math.max(0.5, w)} height={rowH - 4} fill={COLORS.bar} />
            <Text x={left + w + 3} y={y + 8} style={font(6.5)} fill={AXIS}>
              {r.value.toLocaleString("en-US")}
            </Text>
          </G>
        );
      })}
    </Svg>
  );
}
