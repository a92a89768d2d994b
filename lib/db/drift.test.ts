import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import pg from "pg";
import { get_dmmf } from "@prisma/prisma-schema-wasm";

// schema.prisma is the model; prisma/migrations/*.sql is what the database really gets.
// This test fails when the two disagree on tables, columns, types, nullability or indexes.

// Indexes that Prisma's schema language cannot express and migrations create on purpose.
const SQL_ONLY_INDEXES = new Set<string>([]);
// Tables that exist outside the Prisma model on purpose (partition children are excluded separately).
const SQL_ONLY_TABLES = new Set<string>(["_prisma_migrations"]);

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  fields: { name: string }[];
}

/**
 * Models marked @@ignore (tables without a primary key, e.g. events) vanish from the DMMF; read
 * them as if they had one, and expect no primary key in the database for them.
 */
function loadDmmf() {
  const ignored = new Set<string>();
  const schema = readFileSync("prisma/schema.prisma", "utf8").replace(/model (\w+) \{([^}]*)@@ignore/g, (_m, name: string, body: string) => {
    ignored.add(name);
    const firstField = /^\s*(\w+)\s/m.exec(body)![1];
    return `model ${name} {${body}@@id([${firstField}])`;
  });
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schema }))) as {
    datamodel: { models: DmmfModel[]; enums: { name: string; dbName?: string | null }[]; indexes: DmmfIndex[] };
  };
  return { ...dmmf.datamodel, ignored };
}

/** The PostgreSQL type (format_type) Prisma would create for a field. */
function expectedType(f: DmmfField, enums: Map<string, string>): string {
  const native = f.nativeType?.[0];
  const args = f.nativeType?.[1] ?? [];
  let t: string;
  if (f.kind === "enum") t = `"${enums.get(f.type) ?? f.type}"`;
  else if (native === "Uuid") t = "uuid";
  else if (native === "Timestamptz") t = `timestamp(${args[0] ?? 3}) with time zone`;
  else if (native === "Inet") t = "inet";
  else if (native === "Date") t = "date";
  else if (native === "SmallInt") t = "smallint";
  else if (native === "VarChar") t = `character varying(${args[0]})`;
  else if (native === "Cidr") t = "cidr";
  else if (native === "Decimal") t = `numeric(${args.join(",")})`;
  else {
    t = (
      {
        String: "text",
        Int: "integer",
        BigInt: "bigint",
        Boolean: "boolean",
        DateTime: "timestamp(3) without time zone",
        Json: "jsonb",
        Float: "double precision",
        Decimal: "numeric(65,30)",
        Bytes: "bytea",
      } as Record<string, string>
    )[f.type]!;
  }
  return f.isList ? `${t}[]` : t;
}

describe("schema.prisma vs migrated database", () => {
  it("has the same tables, columns, types, nullability and indexes", async () => {
    const dm = loadDmmf();
    const enums = new Map(dm.enums.map((e) => [e.name, e.dbName ?? e.name]));
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const cols = await client.query<{ table: string; column: string; type: string; notnull: boolean }>(`
        SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped`);
      const idx = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(`
        SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
               array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p') AND NOT t.relispartition`);

      const actualCols = new Set(cols.rows.filter((r) => !SQL_ONLY_TABLES.has(r.table)).map((r) => `${r.table}.${r.column} ${r.type}${r.notnull ? " NOT NULL" : ""}`));
      const expectedCols = new Set<string>();
      const expectedIdx = new Set<string>();
      for (const m of dm.models) {
        const table = m.dbName ?? m.name;
        const column = (name: string) => {
          const f = m.fields.find((x) => x.name === name)!;
          return f.dbName ?? f.name;
        };
        for (const f of m.fields) {
          if (f.kind !== "scalar" && f.kind !== "enum") continue;
          // Prisma creates scalar lists without NOT NULL.
          const notnull = f.isRequired && !f.isList;
          expectedCols.add(`${table}.${f.dbName ?? f.name} ${expectedType(f, enums)}${notnull ? " NOT NULL" : ""}`);
        }
        for (const i of dm.indexes.filter((x) => x.model === m.name && !(x.type === "id" && dm.ignored.has(m.name)))) {
          expectedIdx.add(`${table}(${i.fields.map((f) => column(f.name)).join(",")})${i.type === "id" ? " PRIMARY" : i.type === "unique" ? " UNIQUE" : ""}`);
        }
      }
      const actualIdx = new Set(
        idx.rows
          .filter((r) => !SQL_ONLY_TABLES.has(r.table) && !SQL_ONLY_INDEXES.has(r.name))
          .map((r) => `${r.table}(${r.columns.join(",")})${r.primary ? " PRIMARY" : r.unique ? " UNIQUE" : ""}`),
      );
      expect([...actualCols].filter((c) => !expectedCols.has(c)).sort(), "in the database but not in schema.prisma").toEqual([]);
      expect([...expectedCols].filter((c) => !actualCols.has(c)).sort(), "in schema.prisma but not in the database").toEqual([]);
      expect([...actualIdx].filter((c) => !expectedIdx.has(c)).sort(), "indexes in the database but not in schema.prisma").toEqual([]);
      expect([...expectedIdx].filter((c) => !actualIdx.has(c)).sort(), "indexes in schema.prisma but not in the database").toEqual([]);
    } finally {
      await client.end();
    }
  });
});
