// The one Prisma client (plus a raw pg pool for the hot paths: publishing and delivering).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

function databaseUrl(): string {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides it");
  return env.DATABASE_URL;
}

function createPrisma() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl(), max: 10 }),
    omit: {
      endpoint: { secretCiphertext: true, previousSecretCiphertext: true },
      user: { passwordHash: true },
      apiToken: { tokenHash: true },
    },
  });
}

type Db = ReturnType<typeof createPrisma>;

const globals = globalThis as unknown as { __prisma?: Db; __pgPool?: pg.Pool };

export const prisma: Db = (globals.__prisma ??= createPrisma());

function createPool(): pg.Pool {
  const created = new pg.Pool({ connectionString: databaseUrl(), max: 20 });
  // An idle connection the server drops (PostgreSQL restarting, a connection being terminated) is
  // discarded by the pool; with no listener its 'error' event would crash the process.
  created.on("error", (error) => console.error(`[db] idle connection lost: ${error.message}`));
  return created;
}

/** Raw pool for statements Prisma would split into several round trips. */
export function pool(): pg.Pool {
  return (globals.__pgPool ??= createPool());
}

export async function closeDb(): Promise<void> {
  await globals.__prisma?.$disconnect();
  await globals.__pgPool?.end();
  globals.__prisma = undefined;
  globals.__pgPool = undefined;
}
