// schema.prisma and the hand-written SQL migrations must describe the same database: every model
// field is a column of the right type and nullability, every column is a field, enums match.
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface Field {
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
  native?: string;
}

function parseSchema(text: string) {
  const enums = new Map<string, string[]>();
  for (const [, name, body] of text.matchAll(/^enum (\w+) \{\n([\s\S]*?)\n\}/gm)) {
    enums.set(
      name!,
      body!
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => /^\w+$/.test(l)),
    );
  }
  const blocks = [...text.matchAll(/^model (\w+) \{\n([\s\S]*?)\n\}/gm)];
  const modelNames = new Set(blocks.map((b) => b[1]!));
  const models = new Map<string, { table: string; fields: Field[] }>();
  for (const [, name, body] of blocks) {
    const table = /@@map\("(\w+)"\)/.exec(body!)?.[1] ?? name!;
    const fields: Field[] = [];
    for (const line of body!.split("\n").map((l) => l.trim())) {
      const m = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!m || line.startsWith("@@") || line.startsWith("//")) continue;
      const [, fieldName, type, list, optional, attrs] = m;
      if (modelNames.has(type!)) continue; // relation field, no column
      fields.push({
        column: /@map\("(\w+)"\)/.exec(attrs!)?.[1] ?? fieldName!,
        type: type!,
        optional: Boolean(optional),
        list: Boolean(list),
        native: /@db\.(\w+)/.exec(attrs!)?.[1],
      });
    }
    models.set(name!, { table, fields });
  }
  return { enums, models };
}

function expectedUdt(field: Field, enums: Map<string, string[]>): string {
  if (enums.has(field.type)) return field.type;
  const base: Record<string, string> = {
    String: field.native === "Uuid" ? "uuid" : "text",
    Int: "int4",
    BigInt: "int8",
    Boolean: "bool",
    DateTime: "timestamptz",
    Json: "jsonb",
  };
  const udt = base[field.type];
  if (!udt) throw new Error(`unmapped Prisma type ${field.type}`);
  return field.list ? `_${udt}` : udt;
}

const schema = parseSchema(readFileSync("prisma/schema.prisma", "utf8"));
let client: pg.Client;
let columns: { table_name: string; column_name: string; udt_name: string; is_nullable: string }[];

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  ({ rows: columns } = await client.query(
    `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
       -- the log's partitions are the partitioned tables' (migration 20261206000200_partitioned_log)
       AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition)`,
  ));
});
afterAll(() => client.end());

describe("schema.prisma matches the migrated database", () => {
  it("parses every model of the schema", () => {
    expect([...schema.models.keys()]).toEqual(
      expect.arrayContaining(["User", "Organization", "Membership", "ApiToken", "Endpoint", "Event", "Delivery", "Attempt"]),
    );
  });

  for (const [model, { table, fields }] of schema.models) {
    it(`${model} (${table}): every field is a column with the same type and nullability`, () => {
      for (const field of fields) {
        const column = columns.find((c) => c.table_name === table && c.column_name === field.column);
        expect(column, `${table}.${field.column} is missing`).toBeDefined();
        expect(column!.udt_name, `${table}.${field.column} type`).toBe(expectedUdt(field, schema.enums));
        expect(column!.is_nullable === "YES", `${table}.${field.column} nullability`).toBe(field.optional);
      }
    });

    it(`${model} (${table}): has no column the schema does not know`, () => {
      const known = new Set(fields.map((f) => f.column));
      const extra = columns.filter((c) => c.table_name === table && !known.has(c.column_name)).map((c) => c.column_name);
      expect(extra).toEqual([]);
    });
  }

  it("has no table the schema does not know", () => {
    const tables = new Set([...schema.models.values()].map((m) => m.table));
    expect([...new Set(columns.map((c) => c.table_name))].filter((t) => !tables.has(t))).toEqual([]);
  });

  it("has the same enums with the same values", async () => {
    const { rows } = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' GROUP BY t.typname`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.name, r.values]))).toEqual(Object.fromEntries(schema.enums));
  });
});

// Prisma's referential actions as PostgreSQL records them (pg_constraint.confdeltype)
const DELETE_RULES: Record<string, string> = { Cascade: "c", SetNull: "n", Restrict: "r", NoAction: "a", SetDefault: "d" };

interface Relation {
  table: string;
  columns: string[];
  target: string;
  onDelete: string;
}

/** Foreign keys as schema.prisma declares them: `@relation(fields: […], references: […], onDelete: …)`. */
function declaredRelations(text: string): Relation[] {
  const blocks = [...text.matchAll(/^model (\w+) \{\n([\s\S]*?)\n\}/gm)];
  const tables = new Map(blocks.map(([, name, body]) => [name!, /@@map\("(\w+)"\)/.exec(body!)?.[1] ?? name!]));
  const relations: Relation[] = [];
  for (const [, name, body] of blocks) {
    const columnOf = (field: string) => new RegExp(`^\\s*${field}\\s+\\S+.*@map\\("(\\w+)"\\)`, "m").exec(body!)?.[1] ?? field;
    for (const [, type, optional, fields, action] of body!.matchAll(
      /^\s*\w+\s+(\w+)(\?)?\s+@relation\(fields: \[([^\]]+)\], references: \[[^\]]+\](?:, onDelete: (\w+))?/gm,
    )) {
      relations.push({
        table: tables.get(name!)!,
        columns: fields!.split(",").map((f) => columnOf(f.trim())),
        target: tables.get(type!)!,
        // Prisma's defaults: Restrict for a required relation, SetNull for an optional one
        onDelete: DELETE_RULES[action ?? (optional ? "SetNull" : "Restrict")]!,
      });
    }
  }
  return relations;
}

/** Indexes as schema.prisma declares them (@@index, @@unique, @unique, @@id, @id), as "table(col, col)". */
function declaredIndexes(text: string): string[] {
  const indexes: string[] = [];
  for (const [, name, body] of text.matchAll(/^model (\w+) \{\n([\s\S]*?)\n\}/gm)) {
    const table = /@@map\("(\w+)"\)/.exec(body!)?.[1] ?? name!;
    const columnOf = (field: string) => new RegExp(`^\\s*${field}\\s+\\S+.*@map\\("(\\w+)"\\)`, "m").exec(body!)?.[1] ?? field;
    for (const [, list] of body!.matchAll(/@@(?:index|unique|id)\(\[([^\]]+)\]/g)) {
      const columns = list!.split(",").map((f) => columnOf(f.trim().replace(/\(.*\)$/, "")));
      indexes.push(`${table}(${columns.join(", ")})`);
    }
    for (const [, field] of body!.matchAll(/^\s*(\w+)\s+\S+.*@(?:unique|id)\b/gm)) indexes.push(`${table}(${columnOf(field!)})`);
  }
  return indexes.sort();
}

/**
 * Indexes the migrations create that Prisma's schema language cannot declare (partial or expression
 * indexes): each is named here, with what it serves.
 */
const SQL_ONLY_INDEXES: Record<string, string> = {
  deliveries_open_invoice_idx: "partial: the open deliveries of an ordered invoice (per-invoice ordering)",
  deliveries_waiting_idx: "partial: deliveries waiting for an earlier one of their invoice",
  deliveries_failures_idx: 'partial: an organization\'s failed, retrying, paused and cancelled deliveries ("Falhas")',
};

describe("schema.prisma and the database agree on", () => {
  it("foreign keys: the same columns, targets and ON DELETE rules", async () => {
    const { rows } = await client.query<Relation>(
      `SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS target, c.confdeltype AS "onDelete",
         array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conparentid = 0`,
    );
    const key = (r: Relation) => `${r.table}(${r.columns.join(", ")}) → ${r.target} on delete ${r.onDelete}`;
    expect(rows.map(key).sort()).toEqual(declaredRelations(readFileSync("prisma/schema.prisma", "utf8")).map(key).sort());
  });

  it("indexes: every declared index exists, and every other index is a named SQL-only one", async () => {
    const { rows } = await client.query<{ name: string; table: string; columns: string[]; partial: boolean; expression: boolean }>(
      `SELECT ic.relname AS name, i.indrelid::regclass::text AS table, i.indpred IS NOT NULL AS partial, i.indexprs IS NOT NULL AS expression,
         array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o) AS columns
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
       WHERE n.nspname = 'public' AND i.indrelid::regclass::text <> '_prisma_migrations' AND NOT ic.relispartition`,
    );
    const plain = rows.filter((r) => !r.partial && !r.expression && !(r.name in SQL_ONLY_INDEXES));
    const sqlOnly = rows.filter((r) => r.partial || r.expression || r.name in SQL_ONLY_INDEXES).map((r) => r.name);
    expect(plain.map((r) => `${r.table}(${r.columns.join(", ")})`).sort()).toEqual(
      declaredIndexes(readFileSync("prisma/schema.prisma", "utf8")),
    );
    expect(sqlOnly.sort()).toEqual(Object.keys(SQL_ONLY_INDEXES).sort());
  });
});
