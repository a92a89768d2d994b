"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Allowed vs blocked per day, stacked. */
export function DailyChart({ data, allowLabel, denyLabel }: { data: { date: string; allow: number; deny: number }[]; allowLabel: string; denyLabel: string }) {
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="daily-chart">
      <ResponsiveContainer>
        <BarChart data={data.map((d) => ({ ...d, day: d.date.slice(8) }))} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" fontSize={11} />
          <YAxis fontSize={11} tickFormatter={(v: number) => v.toLocaleString("en-US")} width={80} />
          <Tooltip formatter={(v) => Number(v).toLocaleString("en-US")} />
          <Legend />
          <Bar dataKey="allow" name={allowLabel} stackId="a" fill="#2f6fb5" isAnimationActive={false} />
          <Bar dataKey="deny" name={denyLabel} stackId="a" fill="#d05c4f" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
