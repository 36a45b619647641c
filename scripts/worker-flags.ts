/**
 * Node flags of a worker process. Keep in step with the `worker` script in package.json.
 * - `--max-old-space-size=192`: its live data is small and bounded (a local queue of jobs), so a
 *   modest heap makes V8 collect early instead of growing the process to hundreds of MB under load.
 * - `--no-allocation-site-pretenuring`: a job's deliveries wait a few hundred ms for their endpoints'
 *   slots, long enough that V8 learns to allocate what they make straight in the old generation,
 *   which then fills and is marked every ~0.5 s (40 MB of mostly module code each time). Measured on
 *   the shared bench's 10-endpoint phase, two pairs of runs: the worker's CPU per delivery 154 / 156
 *   µs with pretenuring, 131 / 140 µs without, deliveries/s 4,662 / 4,504 against 4,932 / 4,758.
 */
export const WORKER_NODE_FLAGS = ["--max-old-space-size=192", "--no-allocation-site-pretenuring"];
