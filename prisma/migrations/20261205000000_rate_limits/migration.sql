-- Rate-limit windows live in PostgreSQL, not in a process's memory: every web process and node
-- (and both module copies inside one web process) count the same failures. UNLOGGED: counters are
-- worth nothing after a crash, and need no WAL.
CREATE UNLOGGED TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "reset_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);
