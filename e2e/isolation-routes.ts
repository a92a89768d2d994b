import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

// The app's endpoints as the code declares them, found at test time so that a new page, route
// handler or server action is covered (or fails the isolation suite) without anyone listing it:
// app/**/page.tsx, app/**/route.ts (with the HTTP methods they export), and the exported
// functions of "use server" files (server actions are public POST endpoints).

export interface RouteFile {
  /** URL pattern, route groups removed: "/customers/[slug]/alerts/[id]". */
  pattern: string;
  file: string;
  methods: string[]; // route handlers only
}

export interface ActionExport {
  file: string; // "app/(app)/alerts/actions.ts"
  name: string;
  params: string[];
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function patternOf(file: string): string {
  const segments = path
    .dirname(path.relative("app", file))
    .split(path.sep)
    .filter((s) => s !== "." && !/^\(.*\)$/.test(s)); // (app) is a route group, not a URL segment
  return "/" + segments.join("/");
}

export function discoverPages(): RouteFile[] {
  return walk("app")
    .filter((f) => /\/page\.(tsx|ts|jsx|js)$/.test(f))
    .map((file) => ({ pattern: patternOf(file), file, methods: [] }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export function discoverRouteHandlers(): RouteFile[] {
  return walk("app")
    .filter((f) => /\/route\.(ts|js)$/.test(f))
    .map((file) => {
      const src = readFileSync(file, "utf8");
      const methods = HTTP_METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b`).test(src));
      return { pattern: patternOf(file), file, methods };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export function discoverServerActions(): ActionExport[] {
  const files = [...walk("app"), ...walk("lib"), ...walk("components")].filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.ts$/.test(f) && !f.includes("/generated/"));
  const out: ActionExport[] = [];
  for (const file of files) {
    const src = readFileSync(file, "utf8");
    if (!/^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(src)) continue; // module-level directive only
    for (const m of src.matchAll(/export\s+async\s+function\s+(\w+)\s*\(([^)]*)\)/g)) {
      const params = m[2]!
        .split(",")
        .map((p) => p.trim().split(/[?:\s]/)[0]!)
        .filter(Boolean);
      out.push({ file, name: m[1]!, params });
    }
    if (/export\s+(const|default)\s/.test(src)) throw new Error(`${file}: a "use server" file exports something the isolation suite cannot see; export async functions only`);
  }
  return out.sort((a, b) => `${a.file}#${a.name}`.localeCompare(`${b.file}#${b.name}`));
}

/** Server action ids of the production build (.next), by "file#exportedName". */
export function builtActionIds(): Map<string, { id: string; workers: string[] }> {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  const out = new Map<string, { id: string; workers: string[] }>();
  for (const [id, e] of Object.entries(manifest.node)) {
    if (!e.filename || !e.exportedName) continue;
    out.set(`${e.filename}#${e.exportedName}`, { id, workers: Object.keys(e.workers) });
  }
  return out;
}

/** Fills a pattern's [params]; throws on one it was not given (so an unmapped route fails). */
export function fill(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/\[(\.\.\.)?(\w+)\]/g, (_m, _rest, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`${pattern}: no value for [${name}]`);
    return encodeURIComponent(v).replace(/%2F/g, "/");
  });
}
