import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { threatLine } from "@/lib/ingest/test-lines";
import { getKnowledge, saveKnowledge } from "@/lib/knowledge/threats";
import { InputError } from "@/lib/validation";
import { ensureDraft } from "./lifecycle";
import { ConflictError } from "./errors";
import { addEventTable, loadEventTables, refreshEventTable } from "./event-tables";
import { currentDiagram, inspectImage, readImage, storeImage } from "./images";
import { scheduleDrafts } from "./schedule";
import { draftCommentary } from "./drafts";
import { buildReportData } from "./report-data";
import { approxJa } from "./format";
import { ANALYST_A, ANALYST_B, ingestLines, reportTenant, sampleMonthLines } from "./test-helpers";

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000002000000030806000000b9eade810000001049444154789c63606060f8cfc0c0f01f0000050001ff0d0a2db40000000049454e44ae426082",
  "hex",
);
const JPEG = Buffer.from("ffd8ffe000104a46494600010100000100010000ffc0000b080004000501011100ffd9", "hex");

describe("commentary drafts", () => {
  it("writes the sample's sentences from the month's figures", async () => {
    const t = await reportTenant();
    await ingestLines(t, sampleMonthLines(t.serial));
    const d = await buildReportData({ customerId: t.customerId }, "2021-12");
    const texts = draftCommentary(d);
    // 11 firewall sessions + 3 url + 3 wildfire + 1 vulnerability = 18 vs 4 last month → 増加傾向.
    expect(d.summary.current.totalLogs).toBe(18);
    expect(texts.overview).toContain("総ログ件数は前月と比較して増加傾向にあります。");
    expect(texts.overview).toContain("192.0.2.214 からの通信が8件発生し、全体の約 44.44%を占めております。");
    expect(texts.overview).toContain("全体の通信の内 16.66%が遮断されており、遮断比率は前月から 8.34pt 減少しております。");
    expect(texts.overview).toContain("遮断ログのうち 443/TCP の HTTPS 通信が3件と約 100%を占めております。");
    expect(texts["fn.firewall.other"]).toContain("全体の通信の内 27.27%が遮断されています。");
    expect(texts["fn.firewall.other"]).toContain("内部から外部の通信では主に、宛先ポート 443/TCP の HTTPS 通信、53/UDP の DNS 通信などが多く発生しています。11件(前月比 275%)と前月と比較して増加しております。");
    expect(texts["fn.url.other"]).toContain("URL カテゴリ「proxy-avoidance-and-anonymizers」や「computer-and-internet-info」の発生が多くみられました。");
    expect(texts["fn.wildfire.other"]).toContain("「Email Link(52143)」を検知しております");
    expect(texts["fn.virus.other"]).toBe("本月次分析レポートの期間内において、アンチウイルスのイベントは発生していません。");
    expect(texts["fn.url.alerts"]).toBe("本月次分析レポートの期間内において、即時報告対象となったイベントは発生していません。");
    expect(texts["event.vulnerability.38761"]).toContain("外部から内部への通信にて検知しております。送信元は国内の IP アドレスです。");
  });

  it("approximates counts as the sample's prose does", () => {
    expect(approxJa(2769)).toBe("2,769");
    expect(approxJa(1_872_345)).toBe("約 187 万");
    expect(approxJa(13_012_345)).toBe("約 1,300 万");
    expect(approxJa(120_000)).toBe("約 12 万");
  });
});

describe("event tables", () => {
  it("selects the customer's events of the month by filter, grouped and counted, and refreshes them", async () => {
    const t = await reportTenant();
    const other = await reportTenant();
    await ingestLines(t, sampleMonthLines(t.serial));
    // Same category in another month and at another customer: never in the table.
    await ingestLines(t, [threatLine({ time: "2021/11/06 06:06:06", serial: t.serial, subtype: "url", category: "proxy-avoidance-and-anonymizers", url: "november.jp/" })]);
    await ingestLines(other, [threatLine({ time: "2021/12/06 06:06:06", serial: other.serial, subtype: "url", category: "proxy-avoidance-and-anonymizers", url: "other.jp/" })]);
    const scope = { customerId: t.customerId };
    const { report } = await ensureDraft(scope, "2021-12", ANALYST_A);
    const table = await addEventTable(scope, report.id, { sectionKey: "fn.url.other", category: "proxy-avoidance-and-anonymizers", title: "プロキシ回避" }, ANALYST_A);
    expect(table.columns.map((c) => c.label)).toEqual(["No.", "検知日時", "宛先 URL", "URL カテゴリ", "件数"]);
    expect(table.rows).toEqual([[1, "2021-12-06 06:06:06", "example4[.]jp/", "proxy-avoidance-and-anonymizers", 2]]);
    expect(table.matched).toBe(1);
    const fw = await addEventTable(scope, report.id, { sectionKey: "fn.firewall.other", action: "blocked" }, ANALYST_A);
    expect(fw.rows).toEqual([[1, "2021-12-05 00:00:00", "192.0.2.95", "1.1.1.1", "443/TCP", "deny", 3]]);
    await expect(addEventTable(scope, report.id, { sectionKey: "fn.url.other", srcIp: "not-an-ip" }, ANALYST_A)).rejects.toMatchObject({ fields: { srcIp: "ip" } });
    await expect(addEventTable({ customerId: other.customerId }, report.id, { sectionKey: "fn.url.other" }, ANALYST_A)).rejects.toMatchObject({ code: "notFound" });

    await ingestLines(t, [threatLine({ time: "2021/12/20 20:00:00", serial: t.serial, subtype: "url", category: "proxy-avoidance-and-anonymizers", url: "example5.jp/" })]);
    const refreshed = await refreshEventTable(scope, report.id, table.id, ANALYST_B);
    expect(refreshed.matched).toBe(2);
    expect((await loadEventTables(report.id)).map((x) => x.sectionKey).sort()).toEqual(["fn.firewall.other", "fn.url.other"]);
  });
});

describe("images", () => {
  it("decides the type by the bytes and refuses anything else, too large, or unsafe SVG", () => {
    expect(inspectImage(PNG, "network_diagram")).toEqual({ contentType: "image/png", width: 2, height: 3 });
    expect(inspectImage(JPEG, "network_diagram")).toEqual({ contentType: "image/jpeg", width: 5, height: 4 });
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 480"><rect width="10" height="10"/></svg>');
    expect(inspectImage(svg, "network_diagram")).toEqual({ contentType: "image/svg+xml", width: 640, height: 480 });
    const code = (b: Buffer, kind: "network_diagram" | "logo" = "network_diagram") => {
      try {
        inspectImage(b, kind);
        return "accepted";
      } catch (e) {
        return (e as InputError).fields.file;
      }
    };
    expect(code(Buffer.from("GIF89a..........."))).toBe("imageType");
    expect(code(Buffer.alloc(0))).toBe("imageEmpty");
    expect(code(Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]))).toBe("imageTooLarge");
    expect(code(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe("svgUnsafe");
    expect(code(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>'))).toBe("svgUnsafe");
    expect(code(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>'))).toBe("svgUnsafe");
    expect(code(svg, "logo")).toBe("imageType"); // the logo goes into PDFs: PNG or JPEG only
  });

  it("keeps every upload; the newest diagram is current; another customer cannot read it", async () => {
    const t = await reportTenant();
    const other = await reportTenant();
    const first = await storeImage({ customerId: t.customerId, kind: "network_diagram", bytes: PNG }, ANALYST_A);
    const second = await storeImage({ customerId: t.customerId, kind: "network_diagram", bytes: JPEG }, ANALYST_A);
    expect((await currentDiagram({ customerId: t.customerId }))?.id).toBe(second.id);
    expect((await readImage(first.id, { customerId: t.customerId }))?.data.equals(PNG)).toBe(true);
    expect(await readImage(first.id, { customerId: other.customerId })).toBeNull();
    expect(await prisma.auditLog.count({ where: { customerId: t.customerId, action: "image.upload" } })).toBe(2);
  });
});

describe("threat knowledge base", () => {
  it("keeps every revision and refuses a save from a stale revision", async () => {
    const id = 900_000_000 + Math.floor(Math.random() * 1_000_000);
    await saveKnowledge({ threatId: id, name: "Test Threat", description: "初版", expectedRevision: 0 }, ANALYST_A);
    await saveKnowledge({ threatId: id, name: "Test Threat", description: "第二版", expectedRevision: 1 }, ANALYST_B);
    const stale = await saveKnowledge({ threatId: id, name: "Test Threat", description: "古い版から", expectedRevision: 1 }, ANALYST_A).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).current.body).toBe("第二版");
    const k = await getKnowledge(id);
    expect(k?.description).toBe("第二版");
    expect(k?.revisions.map((r) => [r.revision, r.description, r.editedBy])).toEqual([
      [2, "第二版", ANALYST_B.email],
      [1, "初版", ANALYST_A.email],
    ]);
  });
});

describe("schedule", () => {
  // Months nobody else's test uses: the schedule creates drafts for every customer of the run's database.
  it("creates a draft for every customer once its month has closed, exactly once", async () => {
    const t = await reportTenant();
    // 2020-02-01 00:30 in Tokyo: January has closed there.
    const now = new Date("2020-01-31T15:30:00Z");
    const first = await scheduleDrafts({ now });
    expect(first.created).toContainEqual(expect.objectContaining({ customer: t.slug, month: "2020-01" }));
    const second = await scheduleDrafts({ now });
    expect(second.created.find((c) => c.customer === t.slug)).toBeUndefined();
    expect(second.existing).toContainEqual({ customer: t.slug, month: "2020-01" });
    // One hour earlier January was still running in Tokyo: the closed month was December 2019.
    const before = await scheduleDrafts({ now: new Date("2020-01-31T14:30:00Z") });
    expect([...before.created, ...before.existing].find((c) => c.customer === t.slug)?.month).toBe("2019-12");
    expect(await prisma.report.count({ where: { customerId: t.customerId } })).toBe(2);
    const r = await prisma.report.findFirstOrThrow({ where: { customerId: t.customerId, month: "2020-01" } });
    expect(r).toMatchObject({ status: "draft", createdBy: "schedule", version: 1 });
  });
});
