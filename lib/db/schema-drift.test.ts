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
    `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
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
