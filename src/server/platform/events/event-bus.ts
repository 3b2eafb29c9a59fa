import type { FastifyBaseLogger } from 'fastify';

type Handler = (payload: Record<string, unknown>) => Promise<void> | void;

/**
 * In-process domain events. Services emit after their transaction commits; handlers (notices,
 * e-mail, statistics) run afterwards and a failing handler is logged, never thrown back at the
 * request that caused the event.
 */
export class EventBus {
  private readonly handlers = new Map<string, Handler[]>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly log: FastifyBaseLogger) {}

  on(event: string, handler: Handler): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }

  emit(event: string, payload: Record<string, unknown>): void {
    for (const handler of this.handlers.get(event) ?? []) {
      const run = Promise.resolve()
        .then(() => handler(payload))
        .catch((error: unknown) => this.log.error({ err: error, event }, 'event handler failed'))
        .finally(() => this.pending.delete(run));
      this.pending.add(run);
    }
  }

  /** Waits until every handler started so far has finished (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
