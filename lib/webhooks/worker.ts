// Placeholder: the delivery engine plugs its graphile-worker runner in here.
export async function runWorkerProcess(): Promise<void> {
  const stop = () => process.exit(0);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  setInterval(() => undefined, 1 << 30);
}
