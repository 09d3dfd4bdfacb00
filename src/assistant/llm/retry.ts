import { classifyFailure, type FailureInfo } from "./errors.ts";

/**
 * Retry policy for provider calls. ChatOpenAI is built with `maxRetries: 0` and this loop does the retrying,
 * because in @langchain/openai 1.5 / @langchain/core 1.4 the built-in retry (AsyncCaller + p-retry) has a
 * fixed 1 s x 2^n (randomised x1-2) backoff that cannot be configured, defaults to 6 retries, and does not
 * retry a 429 without Retry-After. Here the backoff is explicit (and tiny in tests).
 */
export interface RetryOptions {
  /** Retries after the first attempt (0 = no retry). */
  retries: number;
  /** Backoff before retry k (0-based) is min(maxDelayMs, minDelayMs * 2^k), less up to 25 % jitter. */
  minDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails and the caller falls back. */
  maxRetryAfterMs: number;
  /** Random jitter on the backoff (default true). */
  jitter?: boolean;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 2, minDelayMs: 500, maxDelayMs: 4000, maxRetryAfterMs: 10_000, jitter: true };

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  failure: FailureInfo;
}

/** Delay before retry number `retry` (0-based), honouring the server's Retry-After as a lower bound. */
export function backoffDelay(retry: number, options: RetryOptions, failure?: FailureInfo, random = Math.random): number {
  let delay = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** retry);
  if (options.jitter !== false) delay *= 1 - random() * 0.25;
  if (failure?.retryAfterMs !== undefined) delay = Math.max(delay, failure.retryAfterMs);
  return Math.round(delay);
}

export class RetryGaveUp extends Error {
  constructor(
    readonly error: unknown,
    readonly attempts: number,
  ) {
    super("retries exhausted");
  }
}

/**
 * Runs `fn` until it succeeds, a failure is not retryable, or the retries are used up. Rejects with
 * RetryGaveUp carrying the last error and the number of attempts made. `fn` may mark an error as final by
 * throwing it wrapped in `NoRetry`.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
  onRetry?: (event: RetryEvent) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (err instanceof NoRetry) throw new RetryGaveUp(err.error, attempt);
      const failure = classifyFailure(err);
      const retry = attempt - 1;
      if (!failure.retryable || retry >= options.retries) throw new RetryGaveUp(err, attempt);
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > options.maxRetryAfterMs) throw new RetryGaveUp(err, attempt);
      const delayMs = backoffDelay(retry, options, failure);
      onRetry?.({ attempt, delayMs, failure });
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** Thrown inside a retried function to stop retrying (e.g. a stream that already produced output). */
export class NoRetry extends Error {
  constructor(readonly error: unknown) {
    super("not retried");
  }
}
