-- Liveness of worker processes: a worker pool that stops beating had its locked jobs released by
-- the survivors (graphile-worker would otherwise keep them locked for 4 hours after a crash).
CREATE TABLE "worker_heartbeats" (
    "pool_id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("pool_id")
);
