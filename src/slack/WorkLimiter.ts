/**
 * Bounds how many answers are worked on at once. Acks are written before any listener runs, but they share
 * the event loop with the answering work: with hundreds of answers in flight, every new request waits behind
 * their callbacks. A bound keeps acks fast under bursts (and protects the LLM and the store from stampedes);
 * the rest wait their turn in arrival order.
 */
export class WorkLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`WorkLimiter limit must be a positive integer (got ${limit})`);
  }

  get pending(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
