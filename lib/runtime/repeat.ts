// A background task of a long-lived process, run every few seconds: one run at a time (a tick that
// finds the previous run still going lets it be), a failure logged and tried again at the next tick,
// and a stop that waits for the run in progress.
import { log } from "@/lib/log";

/** Runs `task` every `everyMs`; answers how to stop it. `failure`: what the log says when a run fails. */
export function repeatEvery(everyMs: number, task: () => Promise<unknown>, failure: string): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= task()
      .then(() => undefined)
      .catch((error: Error) => log().error({ err: error }, failure))
      .finally(() => (running = undefined));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
