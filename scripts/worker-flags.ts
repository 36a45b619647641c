/**
 * Node flags of a worker process: its live data is small and bounded (a local queue of jobs), so a
 * modest heap makes V8 collect early instead of growing the process to hundreds of MB under load.
 * Keep in step with the `worker` script in package.json.
 */
export const WORKER_NODE_FLAGS = ["--max-old-space-size=192"];
