// Natural batching: while one run is in flight, the calls that arrive meanwhile queue up and go
// together in the next run. Under load many calls share one statement; an idle process runs each
// call at once, alone (no timer, no added wait).

interface Queued<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

export interface BatchOptions {
  /** inputs per run */
  max: number;
  /**
   * A run that has not answered in this long fails its calls (an error with code ETIMEDOUT, which
   * the API answers with 503) and the queue moves on: one statement that never answers (a half-open
   * connection) must not hold up every later call.
   */
  timeoutMs?: number;
}

/**
 * A function of one input that runs `run` over up to `max` queued inputs at a time, one run at a
 * time. `run` answers each input in order; if it throws, every call of that run gets the error.
 */
export function batched<In, Out>(run: (inputs: In[]) => Promise<Out[]>, { max, timeoutMs }: BatchOptions): (input: In) => Promise<Out> {
  const queue: Queued<In, Out>[] = [];
  let running = false;
  const drain = () => {
    if (running || !queue.length) return;
    running = true;
    const batch = queue.splice(0, max);
    let done = false;
    const next = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      running = false;
      drain();
    };
    const timer = timeoutMs
      ? setTimeout(() => {
          const error = Object.assign(new Error(`no answer in ${timeoutMs} ms`), { code: "ETIMEDOUT" });
          batch.forEach((q) => q.reject(error));
          next();
        }, timeoutMs)
      : undefined;
    run(batch.map((q) => q.input))
      .then(
        (outputs) => batch.forEach((q, i) => q.resolve(outputs[i]!)),
        (error: unknown) => batch.forEach((q) => q.reject(error)),
      )
      .finally(next);
  };
  return (input) =>
    new Promise<Out>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      drain();
    });
}
