import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { uniq } from "@/lib/testing/helpers";
import { trafficLine } from "@/lib/ingest/test-lines";

// The CLI as an operator runs it: a real process against the run's database.
function soc(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["bin/soc.mjs", ...args], { input, env: process.env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("soc CLI", () => {
  it("adds and lists customers, devices and users with JSON on stdout", () => {
    const slug = uniq("cli");
    const c = soc(["customer", "add", "--slug", slug, "--name", "株式会社シーエルアイ", "--timezone", "Asia/Tokyo", "--internal", "10.0.0.0/8,192.0.2.0/24"]);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ slug, name: "株式会社シーエルアイ", internalNetworks: ["10.0.0.0/8", "192.0.2.0/24"] });

    const serial = uniq("SN");
    const d = soc(["device", "add", "--customer", slug, "--hostname", "cli-utm", "--serial", serial, "--model", "PA-3220", "--ip", "192.0.2.13", "--timezone", "Asia/Tokyo"]);
    expect(d.code, d.stderr).toBe(0);
    expect(JSON.parse(d.stdout)).toMatchObject({ serial, model: "PA-3220", vendor: "PaloAltoNetworks" });

    const email = `${slug}@cli.example.jp`;
    const u = soc(["user", "add", "--email", email, "--role", "customer", "--customer", slug], "a long password here\n");
    expect(u.code, u.stderr).toBe(0);
    expect(JSON.parse(u.stdout)).toMatchObject({ email, role: "customer" });
    expect(u.stdout).not.toContain("password");

    const list = soc(["device", "list", "--customer", slug]);
    expect(JSON.parse(list.stdout).map((x: { serial: string }) => x.serial)).toEqual([serial]);
  });

  it("refuses to serve with a bad MAMORI_TRUSTED_PROXIES, naming the setting, before it starts anything", () => {
    const r = spawnSync(process.execPath, ["bin/soc.mjs", "serve", "--port", "1"], { env: { ...process.env, MAMORI_TRUSTED_PROXIES: "two" }, encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MAMORI_TRUSTED_PROXIES: .*whole number of proxies/);
    expect(r.stdout).toBe("");
  });

  it.each([
    [["customer", "add", "--slug", "x-bad-cidr", "--name", "n", "--internal", "10.0.0.0/33"], /internalNetworks is not a valid CIDR/],
    [["device", "add", "--customer", "no-such-customer", "--hostname", "h", "--serial", "S-1", "--model", "m", "--ip", "192.0.2.1"], /customerSlug does not match any customer/],
    [["customer", "add", "--slug", "x", "--name", "n", "--timezone", "Nowhere/City"], /timezone is not a known IANA time zone/],
  ])("bad input %j exits 1 with one line on stderr and nothing on stdout", (args, message) => {
    const r = soc(args as string[]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("soc: error:"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it("refuses a duplicate serial", () => {
    const slug = uniq("dupser");
    soc(["customer", "add", "--slug", slug, "--name", "n"]);
    const serial = uniq("SN");
    expect(soc(["device", "add", "--customer", slug, "--hostname", "a", "--serial", serial, "--model", "m", "--ip", "192.0.2.1"]).code).toBe(0);
    const r = soc(["device", "add", "--customer", slug, "--hostname", "b", "--serial", serial, "--model", "m", "--ip", "192.0.2.2"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/soc: error: serial is already registered to a device/);
  });
});

describe("soc ingest", () => {
  it("reads standard input, prints the JSON summary last on stdout, and skips the same content next time", () => {
    const slug = uniq("stdin");
    soc(["customer", "add", "--slug", slug, "--name", "標準入力"]);
    const serial = uniq("SN").toUpperCase().replace(/-/g, "");
    soc(["device", "add", "--customer", slug, "--hostname", "fw", "--serial", serial, "--model", "PA-220", "--ip", "192.0.2.1"]);
    const input = [trafficLine({ time: "2021/12/01 10:00:00", serial }), "not a log line", trafficLine({ time: "2021/12/01 10:00:01", serial })].join("\n") + "\n";
    const first = soc(["ingest", "--customer", slug, "--json", "-"], input);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ files: 1, lines: 3, accepted: 2, rejected: 1, skipped: 0 });
    expect(typeof summary.seconds).toBe("number");
    const again = soc(["ingest", "--customer", slug, "--json", "-"], input);
    expect(JSON.parse(again.stdout)).toMatchObject({ files: 1, lines: 0, accepted: 0, skipped: 1 });
    const unknown = soc(["ingest", "--customer", "no-such-customer", "-"], input);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/soc: error: unknown customer: no-such-customer/);
  });
});
