"use client";

import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartSpec } from "@/lib/reports/blocks";
import { COLORS } from "@/lib/reports/chart-data";

// The report's charts on the web (online and print views), from the same series as the PDF's.

const fmt = (v: unknown) => (typeof v === "number" ? v.toLocaleString("en-US") : String(v));
const short = (v: number) => (v >= 1e8 ? `${Math.round(v / 1e7) / 10}億` : v >= 1e4 ? `${Math.round(v / 1e3) / 10}万` : v.toLocaleString("en-US"));

export function ReportChart({ chart, width = 720, height = 230, testId }: { chart: ChartSpec; width?: number; height?: number; testId?: string }) {
  // Animations off: charts must be complete when the page is printed or captured.
  switch (chart.kind) {
    case "stacked": {
      const rows = chart.points.map((p) => ({ label: p.label, ...p.values }));
      return (
        <BarChart width={width} height={height} data={rows} data-testid={testId} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
          <YAxis tick={{ fontSize: 11 }} tickFormatter={short} width={48} allowDecimals={false} />
          <Tooltip formatter={fmt} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {chart.series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} stackId="a" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      );
    }
    case "pair":
      return (
        <BarChart width={Math.min(width, 360)} height={height} data={chart.points} data-testid={testId} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} tickFormatter={short} width={52} allowDecimals={false} />
          <Tooltip formatter={fmt} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="previous" name="前月" fill={COLORS.previous} isAnimationActive={false} />
          <Bar dataKey="current" name="当月" fill={COLORS.current} isAnimationActive={false} />
        </BarChart>
      );
    case "pie": {
      const total = chart.slices.reduce((a, s) => a + s.value, 0);
      if (!total) return <p className="note">当月はアラートが発生していません。</p>;
      return (
        <PieChart width={Math.min(width, 360)} height={height} data-testid={testId}>
          <Pie data={chart.slices.filter((s) => s.value > 0)} dataKey="value" nameKey="name" outerRadius={80} isAnimationActive={false} label={({ name, value }) => `${name} ${value}`}>
            {chart.slices
              .filter((s) => s.value > 0)
              .map((s) => (
                <Cell key={s.name} fill={s.color} />
              ))}
          </Pie>
          <Tooltip formatter={fmt} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
        </PieChart>
      );
    }
    case "hbars":
      return (
        <BarChart width={width} height={Math.max(80, chart.rows.length * 24 + 30)} data={chart.rows} layout="vertical" data-testid={testId} margin={{ top: 4, right: 40, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tick={{ fontSize: 11 }} tickFormatter={short} allowDecimals={false} />
          <YAxis type="category" dataKey="label" tick={{ fontSize: 11 }} width={220} interval={0} />
          <Tooltip formatter={fmt} />
          <Bar dataKey="value" name="件数" fill={COLORS.bar} isAnimationActive={false} />
        </BarChart>
      );
  }
}
