import React from "react";
import { Document, Image, Link, Page, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReportData } from "../report-data";
import type { ReportDocument } from "../document";
import { reportBlocks, tocEntries, type Block, type ChartSpec } from "../blocks";
import { heading } from "../outline";
import type { TableModel } from "../tables";
import { HBars, PairBars, Pie, StackedBars } from "./charts";
import { PDF_FONT_FAMILY, jp } from "./fonts";

// The report as a PDF (A4): cover, contents with links, every section and table of the block
// list, charts as Svg, a page header with 文書番号 / title / 作成日 as in the sample, page numbers.

export interface PdfImage {
  data: Buffer;
  format: "png" | "jpg";
  width: number | null;
  height: number | null;
}

const INK = "#1b2430";
const LINE = "#9aa4b2";
const HEAD_BG = "#e8eef6";
const BRAND = "#1d4e89";

const s = StyleSheet.create({
  page: { fontFamily: PDF_FONT_FAMILY, fontSize: 9, color: INK, paddingTop: 62, paddingBottom: 44, paddingHorizontal: 40 },
  header: { position: "absolute", top: 18, left: 40, right: 40, borderBottom: `0.6pt solid ${LINE}`, paddingBottom: 3, fontSize: 7, color: "#475467" },
  headerRow: { flexDirection: "row", justifyContent: "space-between", alignItems: "flex-end" },
  footer: { position: "absolute", bottom: 18, left: 40, right: 40, flexDirection: "row", justifyContent: "space-between", fontSize: 7, color: "#667085" },
  cover: { fontFamily: PDF_FONT_FAMILY, color: INK, padding: 60, flexDirection: "column" },
  part: { fontSize: 15, fontWeight: 700, color: BRAND, marginTop: 4, marginBottom: 8, paddingBottom: 3, borderBottom: `1.2pt solid ${BRAND}` },
  h1: { fontSize: 13, color: BRAND, marginTop: 10, marginBottom: 5 },
  h2: { fontSize: 11.5, color: BRAND, marginTop: 9, marginBottom: 4 },
  h3: { fontSize: 10, color: INK, marginTop: 8, marginBottom: 4, paddingLeft: 4, borderLeft: `2pt solid ${BRAND}` },
  sub: { fontSize: 9.5, marginTop: 6, marginBottom: 3 },
  p: { marginBottom: 5, lineHeight: "14.5pt" },
  note: { marginBottom: 3, color: "#475467", fontSize: 8, lineHeight: "12pt" },
  table: { marginTop: 3, marginBottom: 8, borderTop: `0.6pt solid ${LINE}`, borderLeft: `0.6pt solid ${LINE}` },
  // Borders on rows (bottom) and cells (right) only: each border side is drawn separately.
  tr: { flexDirection: "row", borderBottom: `0.6pt solid ${LINE}` },
  th: { backgroundColor: HEAD_BG, fontSize: 7.5, paddingVertical: 2, paddingHorizontal: 3, borderRight: `0.6pt solid ${LINE}` },
  td: { fontSize: 7.5, paddingVertical: 1.5, paddingHorizontal: 3, borderRight: `0.6pt solid ${LINE}` },
  total: { backgroundColor: "#f2f4f7" },
  num: { textAlign: "right" },
  rec: { marginTop: 2, marginBottom: 6, padding: 5, backgroundColor: "#fff8e6", border: "0.6pt solid #f5c26b" },
  chartBox: { marginTop: 2, marginBottom: 4 },
  caption: { fontSize: 8, color: "#475467", marginBottom: 2 },
  toc1: { fontSize: 10.5, marginTop: 6, color: BRAND },
  toc2: { fontSize: 9, marginLeft: 14 },
  toc3: { fontSize: 8.5, marginLeft: 28 },
  toc4: { fontSize: 8, marginLeft: 42, color: "#344054" },
});

function Table({ table, empty }: { table: TableModel; empty?: string }) {
  if (!table.rows.length && !table.total) return <Text style={s.note}>{jp(empty ?? "該当するデータはありません。")}</Text>;
  const w = (i: number) => table.columns[i]?.width ?? 1;
  // One Text per cell (no wrapping View): the node count is what a long PDF's layout time grows with.
  const cell = (text: string, i: number, base: object | object[]) => (
    <Text key={i} style={[...(Array.isArray(base) ? base : [base]), { flex: w(i) }, table.columns[i]?.numeric ? s.num : {}]}>
      {jp(text)}
    </Text>
  );
  return (
    // Short tables never split across pages (a lone header at a page's foot); long ones split between rows.
    <View style={s.table} wrap={table.rows.length > 15}>
      <View style={s.tr} wrap={false} minPresenceAhead={20}>
        {table.columns.map((c, i) => cell(c.label, i, s.th))}
      </View>
      {table.rows.map((r, ri) => (
        <View key={ri} style={s.tr} wrap={false}>
          {r.map((c, i) => cell(c, i, s.td))}
        </View>
      ))}
      {table.total && (
        <View style={[s.tr, s.total]} wrap={false}>
          {table.total.map((c, i) => cell(c, i, [s.td, s.total]))}
        </View>
      )}
    </View>
  );
}

/** The sample's long daily tables, as two halves side by side (16 + 15 days). */
function SplitTable({ table }: { table: TableModel }) {
  const half = Math.ceil(table.rows.length / 2);
  return (
    <View style={{ flexDirection: "row", gap: 10 }} wrap={false}>
      <View style={{ flex: 1 }}>
        <Table table={{ columns: table.columns, rows: table.rows.slice(0, half) }} />
      </View>
      <View style={{ flex: 1 }}>
        <Table table={{ columns: table.columns, rows: table.rows.slice(half), total: table.total }} />
      </View>
    </View>
  );
}

function Chart({ chart, width }: { chart: ChartSpec; width: number }) {
  switch (chart.kind) {
    case "stacked":
      return <StackedBars series={chart.series} points={chart.points} width={width} />;
    case "pair":
      return <PairBars points={chart.points} width={width} />;
    case "pie":
      return <Pie slices={chart.slices} width={width} />;
    case "hbars":
      return <HBars rows={chart.rows} width={width} />;
  }
}

function Paragraphs({ text }: { text: string }) {
  const paras = text.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean);
  if (!paras.length) return null;
  return (
    <>
      {paras.map((para, i) => (
        <Text key={i} style={s.p}>
          {jp(para)}
        </Text>
      ))}
    </>
  );
}

function BlockView({ block, data, doc, images }: { block: Block; data: ReportData; doc: ReportDocument; images: { diagram: PdfImage | null } }) {
  switch (block.t) {
    case "heading": {
      const st = [s.part, s.h1, s.h2, s.h3][block.entry.level];
      return (
        <Text id={block.entry.id} style={st} break={block.pageBreak} minPresenceAhead={40}>
          {jp(heading(block.entry))}
        </Text>
      );
    }
    case "sub":
      return (
        <Text style={s.sub} minPresenceAhead={30}>
          {jp(block.text)}
        </Text>
      );
    case "p":
      return <Text style={block.note ? s.note : s.p}>{jp(block.text)}</Text>;
    case "commentary":
      return <Paragraphs text={doc.commentary[block.key] ?? ""} />;
    case "recs": {
      const recs = doc.recommendations.filter((r) => r.sectionKey === block.key);
      if (!recs.length) return null;
      return (
        <View style={s.rec} wrap={false}>
          <Text style={{ fontSize: 8.5, marginBottom: 2 }}>{jp("■確認のお願い")}</Text>
          {recs.map((r, i) => (
            <Text key={r.id} style={{ fontSize: 8.5 }}>
              {jp(`${i + 1}. ${r.body}`)}
            </Text>
          ))}
        </View>
      );
    }
    case "table":
      return block.split ? <SplitTable table={block.table} /> : <Table table={block.table} empty={block.empty} />;
    case "chart":
      return (
        <View style={s.chartBox} wrap={false}>
          {block.caption && <Text style={s.caption}>{jp(block.caption)}</Text>}
          <Chart chart={block.chart} width={515} />
        </View>
      );
    case "charts":
      return (
        <View style={[s.chartBox, { flexDirection: "row", gap: 15 }]} wrap={false}>
          {block.charts.map((c, i) => (
            <View key={i}>
              {c.caption && <Text style={s.caption}>{jp(c.caption)}</Text>}
              <Chart chart={c.chart} width={250} />
            </View>
          ))}
        </View>
      );
    case "diagram": {
      const img = images.diagram;
      if (!img) return <Text style={s.note}>{jp(doc.diagram ? "ネットワーク構成図は PDF に描画できない形式です。オンライン版をご参照ください。" : "ネットワーク構成図は登録されていません。")}</Text>;
      const maxW = 515;
      const maxH = 330;
      const ratio = img.width && img.height ? img.width / img.height : 4 / 3;
      const width = Math.min(maxW, maxH * ratio);
      return <Image src={{ data: img.data, format: img.format }} style={{ width, height: width / ratio, marginVertical: 6, alignSelf: "center" }} />;
    }
    case "eventTables": {
      const tables = doc.eventTables.filter((t) => t.sectionKey === block.sectionKey);
      return (
        <>
          {tables.map((t) => (
            <View key={t.id}>
              {t.title && <Text style={s.caption}>{jp(t.title)}</Text>}
              <Table table={{ columns: t.columns, rows: t.rows.map((r) => r.map((c, i) => (t.columns[i]?.numeric && typeof c === "number" ? c.toLocaleString("en-US") : String(c)))) }} empty="該当するイベントはありません。" />
            </View>
          ))}
        </>
      );
    }
    case "eventDescription":
      return <Paragraphs text={doc.eventDescriptions[block.threatId] ?? ""} />;
    case "pageBreak":
      return <View break />;
  }
}

function Cover({ doc, logo }: { doc: ReportDocument; logo: PdfImage | null }) {
  const m = doc.meta;
  return (
    <Page size="A4" style={s.cover}>
      {m.draft && <Text style={{ fontSize: 12, color: "#b42318", marginBottom: 24 }}>{jp("【ドラフト】")}</Text>}
      <View style={{ marginTop: m.draft ? 40 : 76 }}>
        <Text style={{ fontSize: 16, marginBottom: 40 }}>{jp(m.addressee)}</Text>
        <Text style={{ fontSize: 21, color: BRAND, marginBottom: 12 }}>{jp(m.title)}</Text>
        <Text style={{ fontSize: 13, marginBottom: 60 }}>{jp(m.periodLabel)}</Text>
      </View>
      <View style={{ fontSize: 11, lineHeight: "21pt", marginLeft: 4 }}>
        <Text>{jp(`種別 : ${m.kind}`)}</Text>
        <Text>{jp(`製品名 : ${m.product}`)}</Text>
        <Text>{jp(`作成日 : ${m.issuedOnJa}`)}</Text>
        <Text>{jp(`文書番号 : ${m.documentNumber}`)}</Text>
      </View>
      <View style={{ marginTop: "auto", flexDirection: "row", alignItems: "center", justifyContent: "flex-end", gap: 8 }}>
        {logo && <Image src={{ data: logo.data, format: logo.format }} style={{ height: 28, width: logo.width && logo.height ? (28 * logo.width) / logo.height : 28 }} />}
        <Text style={{ fontSize: 13 }}>{jp(m.providerName)}</Text>
      </View>
    </Page>
  );
}

function Contents() {
  const styles = [s.toc1, s.toc2, s.toc3, s.toc4];
  return (
    <View>
      <Text style={{ fontSize: 14, textAlign: "center", marginBottom: 8 }}>{jp("— 目 次 —")}</Text>
      {tocEntries().map((e) => (
        <Link key={e.id} src={`#${e.id}`} style={{ color: INK, textDecoration: "none" }}>
          <Text style={styles[e.level]}>{jp(heading(e))}</Text>
        </Link>
      ))}
    </View>
  );
}

/**
 * Blocks grouped into pages at each page break: react-pdf lays out the rest of a <Page> again
 * at every break, so one long page would cost O(pages²); separate pages keep it linear.
 */
function pageGroups(blocks: Block[]): Block[][] {
  const groups: Block[][] = [[]];
  for (const b of blocks) {
    if ((b.t === "heading" && b.pageBreak) || b.t === "pageBreak") {
      if (groups[groups.length - 1]!.length) groups.push([]);
      if (b.t === "pageBreak") continue;
      groups[groups.length - 1]!.push({ ...b, pageBreak: false });
    } else groups[groups.length - 1]!.push(b);
  }
  return groups.filter((g) => g.length);
}

export function ReportPdf({ data, doc, images, only }: { data: ReportData; doc: ReportDocument; images: { logo: PdfImage | null; diagram: PdfImage | null }; only?: [number, number] }) {
  const m = doc.meta;
  const blocks = only ? reportBlocks(data).slice(only[0], only[1]) : reportBlocks(data);
  const chrome = (
    <>
      <View style={s.header} fixed>
        <View style={s.headerRow}>
          <Text>{jp(`文書番号：${m.documentNumber}${m.draft ? "（ドラフト）" : ""}`)}</Text>
          <Text>{jp(`作成日：${m.issuedOn}`)}</Text>
        </View>
        <Text>{jp(m.title)}</Text>
      </View>
      <View style={s.footer} fixed>
        <Text>{jp(m.providerName)}</Text>
        <Text render={({ pageNumber, totalPages }) => `${pageNumber} / ${totalPages}`} />
      </View>
    </>
  );
  return (
    <Document title={`${m.title} ${m.month} ${m.customerName}`} author={m.providerName} subject={m.documentNumber} creator="Mamori" producer="Mamori" language="ja">
      <Cover doc={doc} logo={images.logo} />
      <Page size="A4" style={s.page}>
        {chrome}
        <Contents />
      </Page>
      {pageGroups(blocks).map((group, gi) => (
        <Page key={gi} size="A4" style={s.page}>
          {chrome}
          {group.map((b, i) => (
            <BlockView key={i} block={b} data={data} doc={doc} images={images} />
          ))}
        </Page>
      ))}
    </Document>
  );
}
