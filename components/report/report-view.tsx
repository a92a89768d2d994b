import type { ReactNode } from "react";
import type { ReportData } from "@/lib/reports/report-data";
import type { ReportDocument } from "@/lib/reports/document";
import type { EventTableView } from "@/lib/reports/event-tables";
import type { RecommendationView } from "@/lib/reports/recommendations";
import { reportBlocks, tocEntries, type Block } from "@/lib/reports/blocks";
import { heading } from "@/lib/reports/outline";
import { ReportChart } from "./report-chart";
import { ReportTable, SplitReportTable } from "./report-table";
import "./report.css";

// The report on the web: cover, contents with links, and every block of the sample's order.
// The same component serves the online view, the print view and the editor; what differs is
// passed in as slots (the editor puts text areas where the commentary goes).

export interface ReportSlots {
  /** an analyst text (default: its paragraphs) */
  commentary?: (key: string, text: string) => ReactNode;
  /** recommendations of a section (default: the list) */
  recommendations?: (key: string, recs: RecommendationView[]) => ReactNode;
  /** イベント説明 (default: its paragraphs) */
  eventDescription?: (threatId: string, text: string) => ReactNode;
  /** the event tables of a その他 (default: the tables) */
  eventTables?: (sectionKey: string, tables: EventTableView[]) => ReactNode;
  /** under the network diagram */
  diagram?: () => ReactNode;
}

export function Paragraphs({ text }: { text: string }) {
  const paras = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return (
    <div className="commentary">
      {paras.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </div>
  );
}

export function RecommendationList({ recs, children }: { recs: RecommendationView[]; children?: (r: RecommendationView) => ReactNode }) {
  if (!recs.length) return null;
  return (
    <div className="recs" data-testid="recommendations">
      <h6>■確認のお願い</h6>
      <ol>
        {recs.map((r) => (
          <li key={r.id} data-testid={`rec-${r.id}`}>
            {r.body}
            {children?.(r)}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function EventTables({ tables }: { tables: EventTableView[] }) {
  return (
    <>
      {tables.map((t) => (
        <div key={t.id} data-testid="event-table">
          {t.title && <div className="note">{t.title}</div>}
          <ReportTable
            table={{ columns: t.columns, rows: t.rows.map((r) => r.map((c, i) => (t.columns[i]?.numeric && typeof c === "number" ? c.toLocaleString("en-US") : String(c)))) }}
            empty="該当するイベントはありません。"
          />
        </div>
      ))}
    </>
  );
}

function Heading({ block }: { block: Extract<Block, { t: "heading" }> }) {
  const e = block.entry;
  const Tag = (["h2", "h3", "h4", "h5"] as const)[e.level];
  return (
    <Tag id={e.id} className={`rh-${e.level}${block.pageBreak ? " page-break" : ""}`}>
      {heading(e)}
    </Tag>
  );
}

export function ReportView({
  data,
  doc,
  slots = {},
  diagramUrl,
  logoUrl,
}: {
  data: ReportData;
  doc: ReportDocument;
  slots?: ReportSlots;
  diagramUrl: string | null;
  logoUrl: string | null;
}) {
  const m = doc.meta;
  const blocks = reportBlocks(data);
  const recsOf = (key: string) => doc.recommendations.filter((r) => r.sectionKey === key);
  const render = (b: Block, i: number): ReactNode => {
    switch (b.t) {
      case "heading":
        return <Heading key={i} block={b} />;
      case "sub":
        return (
          <div key={i} className="sub">
            {b.text}
          </div>
        );
      case "p":
        return (
          <p key={i} className={b.note ? "note" : undefined}>
            {b.text}
          </p>
        );
      case "commentary": {
        const text = doc.commentary[b.key] ?? "";
        return (
          <div key={i} data-section={b.key}>
            {slots.commentary ? slots.commentary(b.key, text) : <Paragraphs text={text} />}
          </div>
        );
      }
      case "recs": {
        const recs = recsOf(b.key);
        return <div key={i}>{slots.recommendations ? slots.recommendations(b.key, recs) : <RecommendationList recs={recs} />}</div>;
      }
      case "table":
        return b.split ? <SplitReportTable key={i} table={b.table} /> : <ReportTable key={i} table={b.table} empty={b.empty} />;
      case "chart":
        return (
          <div key={i} className="report-chart">
            {b.caption && <div className="caption">{b.caption}</div>}
            <ReportChart chart={b.chart} />
          </div>
        );
      case "charts":
        return (
          <div key={i} className="report-charts">
            {b.charts.map((c, j) => (
              <div key={j} className="report-chart">
                {c.caption && <div className="caption">{c.caption}</div>}
                <ReportChart chart={c.chart} width={340} />
              </div>
            ))}
          </div>
        );
      case "diagram":
        return (
          <div key={i}>
            {diagramUrl ? <img className="report-diagram" src={diagramUrl} alt="ネットワーク構成図" data-testid="network-diagram" /> : <p className="note">ネットワーク構成図は登録されていません。</p>}
            {slots.diagram?.()}
          </div>
        );
      case "eventTables": {
        const tables = doc.eventTables.filter((t) => t.sectionKey === b.sectionKey);
        return <div key={i}>{slots.eventTables ? slots.eventTables(b.sectionKey, tables) : <EventTables tables={tables} />}</div>;
      }
      case "eventDescription": {
        const text = doc.eventDescriptions[b.threatId] ?? "";
        return <div key={i}>{slots.eventDescription ? slots.eventDescription(b.threatId, text) : <Paragraphs text={text} />}</div>;
      }
      case "pageBreak":
        return <div key={i} className="page-break" />;
    }
  };
  return (
    <article className="report-doc" lang="ja" data-testid="report">
      <section className="report-cover" data-testid="report-cover">
        {m.draft && <div className="draft-mark">【ドラフト】</div>}
        <div className="addressee">{m.addressee}</div>
        <h1 className="title">{m.title}</h1>
        <div className="period">{m.periodLabel}</div>
        <dl>
          <dt>種別 :</dt>
          <dd>{m.kind}</dd>
          <dt>製品名 :</dt>
          <dd>{m.product}</dd>
          <dt>作成日 :</dt>
          <dd data-testid="issued-on">{m.issuedOnJa}</dd>
          <dt>文書番号 :</dt>
          <dd data-testid="document-number">{m.documentNumber}</dd>
        </dl>
        <div className="provider">
          {logoUrl && <img src={logoUrl} alt="" />}
          <span>{m.providerName}</span>
        </div>
      </section>
      <nav className="report-toc" aria-label="目次">
        <h2>— 目 次 —</h2>
        <ol>
          {tocEntries().map((e) => (
            <li key={e.id} className={`toc-${e.level}`}>
              <a href={`#${e.id}`}>{heading(e)}</a>
            </li>
          ))}
        </ol>
      </nav>
      {blocks.map(render)}
    </article>
  );
}
