/** Injected time source, so SLA, rate-limit and dedup logic is testable without waiting. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
