// What the database refusing or being away means, and running a statement again.
//
// PostgreSQL breaks a lock cycle by failing one of its statements (40P01); the row locks the engine
// takes while recording (deliveries, then endpoints in id order) can close such a cycle with a
// person's change to the same endpoint. Statements that may be the one it picks run again here.

const DEADLOCK_DETECTED = "40P01";
const SERIALIZATION_FAILURE = "40001";
/** Prisma's name for both ("Transaction failed due to a write conflict or a deadlock"). */
const PRISMA_WRITE_CONFLICT = "P2034";

/** The database refused the statement only to break a lock cycle: running it again is safe. */
export function isDeadlock(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: string };
  return code === DEADLOCK_DETECTED || code === SERIALIZATION_FAILURE || code === PRISMA_WRITE_CONFLICT;
}

/** Runs `statement` (idempotent, one transaction) until it is not chosen to break a deadlock, `times` at most. */
export async function retryDeadlocks<T>(statement: () => Promise<T>, times = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= times) throw error;
    }
  }
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  // Prisma's names: can't reach the server, timed out, closed the connection
  "P1001",
  "P1002",
  "P1008",
  "P1017",
]);

/** The database could not be reached (as opposed to refusing the statement). */
export function isUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && UNREACHABLE_CODES.has(code)) return true;
  return /Connection terminated|connection error|timeout exceeded when trying to connect/i.test(message ?? "");
}
