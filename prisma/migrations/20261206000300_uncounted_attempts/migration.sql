-- Attempts that do not use up a delivery's automatic attempts (its retry policy's budget): those cut
-- short by our own crash ("interrupted": a worker killed while sending, the job run again) and
-- resends a person asked for. attempt_count still counts every attempt in the log (and numbers them);
-- the budget is attempt_count - uncounted_attempts. A constant default: no table rewrite.
ALTER TABLE "deliveries" ADD COLUMN "uncounted_attempts" INTEGER NOT NULL DEFAULT 0;
