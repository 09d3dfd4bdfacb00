/**
 * Bounds and paces the answers worked on at once. Acks are written before any listener runs, but they share
 * the event loop with the answering work (retrieval and composing are CPU work): with many answers starting in
 * the same turn of the loop, a request that just arrived waits behind all of them. So at most `limit` answers
 * run at once, and at most one starts per turn of the event loop, letting pending I/O (new requests, their
 * acks) in between. The rest wait their turn in arrival order.
 */
export class WorkLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private pumpScheduled = false;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`WorkLimiter limit must be a positive integer (got ${limit})`);
  }

  get pending(): number {
    return this.waiting.length;
  }

  /** Answers running or waiting. */
  get busy(): number {
    return this.active + this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.pumpScheduled || this.waiting.length === 0 || this.active >= this.limit) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      const next = this.waiting.shift();
      if (!next) return;
      this.active += 1;
      next();
      this.schedule();
    });
  }
}
