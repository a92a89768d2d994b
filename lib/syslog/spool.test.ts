import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Spool } from "./spool";
import { tempDirs } from "@/lib/testing/temp-dirs";

const tempDir = tempDirs();

const dirOf = () => tempDir("mamori-spool-");
const b = (s: string) => Buffer.from(s);

describe("syslog spool", () => {
  it("after a crash, closes the open segment at its last whole line (a torn line was never acknowledged)", async () => {
    const dir = dirOf();
    mkdirSync(path.join(dir, "incoming"), { recursive: true });
    writeFileSync(path.join(dir, "incoming", "00000000000001-000000.open"), "one\ntwo\nthr");
    writeFileSync(path.join(dir, "incoming", "00000000000002-000000.open"), "torn only");
    const spool = new Spool({ dir, maxBytes: 1 << 20, rotateBytes: 1 << 20, rotateMs: 60_000 });
    await spool.open();
    expect(readdirSync(spool.incoming)).toEqual(["00000000000001-000000.ready"]);
    expect(readFileSync(path.join(spool.incoming, "00000000000001-000000.ready"), "utf8")).toBe("one\ntwo\n");
    await spool.close();
  });

  it("resolves an append only once it is on disk, in order, and rotates by size", async () => {
    const dir = dirOf();
    const spooled: number[] = [];
    const spool = new Spool({ dir, maxBytes: 1 << 20, rotateBytes: 20, rotateMs: 60_000, onSpooled: (n) => spooled.push(n) });
    await spool.open();
    await Promise.all([spool.append([b("first line"), b("second")]), spool.append([b("third line here")])]);
    await spool.rotate();
    const files = readdirSync(spool.incoming).sort();
    expect(files.every((f) => f.endsWith(".ready"))).toBe(true);
    expect(files.map((f) => readFileSync(path.join(spool.incoming, f), "utf8")).join("")).toBe("first line\nsecond\nthird line here\n");
    expect(spooled.at(-1)).toBe(3);
    await spool.close();
  });

  it("stops at the quota, keeps the data queued and reports it, and writes it once space is freed", async () => {
    const dir = dirOf();
    const logs: string[] = [];
    const spool = new Spool({ dir, maxBytes: 100, rotateBytes: 1 << 20, rotateMs: 60_000, log: (m) => logs.push(m) });
    await spool.open();
    await spool.append([b("x".repeat(80))]);
    let second = false;
    const p = spool.append([b("y".repeat(40))]).then(() => (second = true));
    await spool.idle();
    expect(spool.stats().full).toBe(true);
    expect(spool.congested).toBe(true);
    expect(spool.acceptsDatagram(10)).toBe(false);
    expect(second).toBe(false);
    expect(logs.join("\n")).toContain("syslog spool: FULL (81 of 100 bytes used, 41 bytes queued)");
    await spool.rotate();
    for (const f of readdirSync(spool.incoming)) writeFileSync(path.join(spool.incoming, f), ""); // as if ingested
    await spool.refreshUsage();
    await p;
    expect(spool.stats().full).toBe(false);
    expect(spool.stats().spooledLines).toBe(2);
    await spool.close();
  });

  it("never reuses a segment name, even when a segment on disk is dated ahead of the clock", async () => {
    const dir = dirOf();
    mkdirSync(path.join(dir, "incoming"), { recursive: true });
    writeFileSync(path.join(dir, "incoming", "99999999999999-000005.ready"), "old\n");
    const spool = new Spool({ dir, maxBytes: 1 << 20, rotateBytes: 1 << 20, rotateMs: 60_000 });
    await spool.open();
    await spool.append([b("new")]);
    await spool.rotate();
    expect(readdirSync(spool.incoming).sort()).toEqual(["99999999999999-000005.ready", "99999999999999-000006.ready"]);
    expect(readFileSync(path.join(spool.incoming, "99999999999999-000005.ready"), "utf8")).toBe("old\n");
    await spool.close();
  });

  it("refuses a spool another live receiver holds, and takes over one a killed receiver left", async () => {
    const dir = dirOf();
    const first = new Spool({ dir, maxBytes: 1 << 20, rotateBytes: 1 << 20, rotateMs: 60_000 });
    await first.open();
    writeFileSync(path.join(dir, "receiver.pid"), String(process.ppid)); // a live process that is not us
    const second = new Spool({ dir, maxBytes: 1 << 20, rotateBytes: 1 << 20, rotateMs: 60_000 });
    await expect(second.open()).rejects.toThrow(`is in use by the receiver with pid ${process.ppid}`);
    writeFileSync(path.join(dir, "receiver.pid"), "2147483646"); // no such process
    await second.open();
    expect(readFileSync(path.join(dir, "receiver.pid"), "utf8")).toBe(String(process.pid));
    await second.close();
    await first.close();
  });

  it("reports a write that fails with ENOSPC, keeps the data queued, and writes it to a fresh segment on retry", async () => {
    const dir = dirOf();
    mkdirSync(path.join(dir, "incoming"), { recursive: true });
    // Segment names are predictable after a segment dated ahead of the clock: make the next one /dev/full.
    writeFileSync(path.join(dir, "incoming", "99999999999999-000001.ready"), "old\n");
    const logs: string[] = [];
    const spool = new Spool({ dir, maxBytes: 1 << 20, rotateBytes: 1 << 20, rotateMs: 60_000, log: (m) => logs.push(m) });
    await spool.open();
    symlinkSync("/dev/full", path.join(dir, "incoming", "99999999999999-000002.open"));
    let written = false;
    const p = spool.append([b("precious line")]).then(() => (written = true));
    await spool.idle();
    expect(written).toBe(false);
    expect(spool.stats().full).toBe(true);
    expect(logs.join("\n")).toContain("syslog spool: spool write failed: ENOSPC");
    expect(logs.join("\n")).toContain("syslog spool: FULL");
    await p; // the next tick retries into 99999999999999-000003.open
    await spool.rotate();
    expect(readFileSync(path.join(dir, "incoming", "99999999999999-000003.ready"), "utf8")).toBe("precious line\n");
    expect(spool.stats().full).toBe(false);
    await spool.close();
  });
});
