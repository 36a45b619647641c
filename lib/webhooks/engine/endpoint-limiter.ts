// At most `limit` requests in flight per endpoint in one worker process, so one slow receiver cannot
// take every worker slot. A delivery of a shared job asks for a slot and either gets one, or is told
// to move to its endpoint's own queue (lib/webhooks/engine/dispatch.ts) and why:
//   busy    — every slot stayed taken for `waitMs` although the endpoint kept finishing requests;
//   slow    — the endpoint's recent answers take longer than `slowMs` on average;
//   stalled — every slot is taken and the endpoint finished nothing for `stallMs`.
// A delivery already in its endpoint's queue is "patient": it waits through stalls and slowness (it
// holds up no one else) for up to `patientWaitMs`.

export type SlotDecision = { granted: true } | { granted: false; defer: "busy" | "slow" | "stalled" };

export interface LimiterSettings {
  /** requests in flight per endpoint in this process (ENDPOINT_CONCURRENCY) */
  limit: number;
  /**
   * How long a delivery of a shared job may wait for a busy endpoint's slot while the endpoint keeps
   * finishing requests. Under load a fast endpoint's slots free up continually, and a delivery moved
   * to a queue costs a job of its own, so waiting a little is cheaper (2 s measured best, see README).
   */
  waitMs: number;
  /** an endpoint answering slower than this on average is slow: its deliveries are deferred at once */
  slowMs: number;
  /** a busy endpoint that finishes nothing for this long is not keeping up: its waiters are deferred */
  stallMs: number;
  /** how long a patient (queued) delivery may wait for a slot: as long as one request may take */
  patientWaitMs: number;
}

export const DEFAULT_LIMITS: Omit<LimiterSettings, "limit" | "patientWaitMs"> = { waitMs: 2_000, slowMs: 500, stallMs: 200 };

interface Waiter {
  decide: (decision: SlotDecision) => void;
  patient: boolean;
}

interface Slots {
  inFlight: number;
  waiters: Waiter[];
  /** requests finished so far: a waiter watches it to see whether the endpoint keeps up */
  finished: number;
}

const GRANTED: SlotDecision = { granted: true };
const defer = (why: "busy" | "slow" | "stalled"): SlotDecision => ({ granted: false, defer: why });

/** Weight of the newest answer in an endpoint's moving average of response times. */
const LATENCY_WEIGHT = 0.2;
const MAX_TRACKED_ENDPOINTS = 10_000;

export class EndpointLimiter {
  private readonly endpoints = new Map<string, Slots>();
  /** recent response time per endpoint (exponential moving average, ms) */
  private readonly latency = new Map<string, number>();

  constructor(readonly settings: LimiterSettings) {}

  isSlow(endpointId: string): boolean {
    return (this.latency.get(endpointId) ?? 0) > this.settings.slowMs;
  }

  acquire(endpointId: string, { patient = false }: { patient?: boolean } = {}): Promise<SlotDecision> {
    if (!patient && this.isSlow(endpointId)) return Promise.resolve(defer("slow"));
    let slots = this.endpoints.get(endpointId);
    if (!slots) this.endpoints.set(endpointId, (slots = { inFlight: 0, waiters: [], finished: 0 }));
    if (slots.inFlight < this.settings.limit) {
      slots.inFlight++;
      return Promise.resolve(GRANTED);
    }
    return this.wait(endpointId, slots, patient);
  }

  private wait(endpointId: string, slots: Slots, patient: boolean): Promise<SlotDecision> {
    const { stallMs } = this.settings;
    const deadline = Date.now() + (patient ? this.settings.patientWaitMs : this.settings.waitMs);
    return new Promise((resolve) => {
      let seen = slots.finished;
      let timer: NodeJS.Timeout;
      const waiter: Waiter = {
        decide: (decision) => {
          clearTimeout(timer);
          resolve(decision);
        },
        patient,
      };
      const check = () => {
        const stalled = !patient && slots.finished === seen;
        if (stalled || Date.now() >= deadline) {
          // finishing nothing with every slot taken is as good as slow until its answers say otherwise
          if (stalled) this.latency.set(endpointId, Math.max(this.latency.get(endpointId) ?? 0, this.settings.slowMs + 1));
          slots.waiters.splice(slots.waiters.indexOf(waiter), 1);
          return resolve(defer(stalled ? "stalled" : "busy"));
        }
        seen = slots.finished;
        timer = setTimeout(check, Math.min(stallMs, deadline - Date.now()));
      };
      timer = setTimeout(check, Math.min(stallMs, deadline - Date.now()));
      slots.waiters.push(waiter);
    });
  }

  /** A request to the endpoint ended; `durationMs` (how long it took) feeds the slow-endpoint rule. */
  release(endpointId: string, durationMs?: number): void {
    if (durationMs !== undefined) {
      const previous = this.latency.get(endpointId);
      this.latency.set(endpointId, previous === undefined ? durationMs : previous * (1 - LATENCY_WEIGHT) + durationMs * LATENCY_WEIGHT);
      if (this.latency.size > MAX_TRACKED_ENDPOINTS) this.latency.clear();
    }
    const slots = this.endpoints.get(endpointId);
    if (!slots) return;
    slots.finished++;
    // waiters of shared jobs on an endpoint now known to be slow go to its queue instead
    if (this.isSlow(endpointId) && slots.waiters.some((w) => !w.patient)) {
      for (const waiter of slots.waiters.filter((w) => !w.patient)) waiter.decide(defer("slow"));
      slots.waiters = slots.waiters.filter((w) => w.patient);
    }
    const next = slots.waiters.shift();
    if (next) return next.decide(GRANTED); // the slot passes straight to the next waiter
    slots.inFlight--;
    if (slots.inFlight <= 0) this.endpoints.delete(endpointId);
  }
}
