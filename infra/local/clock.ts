import type { Clock } from '../../shared/adapters/clock.ts';

/**
 * The local stack's clock: virtual time = real time (times `scale`) + an offset that tests and
 * demos move forward with `advance`. Engines that wait (the Step Functions endpoint's task
 * timeouts, Wait states, retry back-off) set timers on it instead of calling setTimeout, so a
 * dossier can be taken past its deadline in milliseconds. Timers also fire on their own when
 * virtual time reaches them, so `npm start` behaves like AWS without anyone advancing the clock.
 *
 * A frozen clock (`frozen: true`, or `freeze()`) does not follow real time: it moves only when
 * `advance` moves it, so a test's times are exact however slow the machine is. Short waits
 * (within `autoStepMs`, e.g. the retry back-off tests shorten to a few ms) still run by
 * themselves: after their real delay the clock steps to their due time and they fire. Longer
 * waits (deadlines, sweeps, timeouts) fire only when `advance` reaches them.
 */
export interface TimerHandle {
  readonly id: number;
  /** Virtual time (ms since the epoch) at which the timer fires. */
  readonly at: number;
}

export interface LocalClockOptions {
  /** Virtual time at start (ms since the epoch); default: the real time. */
  startMs?: number;
  /** Virtual milliseconds per real millisecond; default 1. */
  scale?: number;
  /** Called when a timer callback throws; default: console.error. */
  onError?: (err: unknown) => void;
  /** Start frozen: time moves only by `advance` (and short waits, see `autoStepMs`). */
  frozen?: boolean;
  /** While frozen, timers due within this many virtual ms still fire on their own; default 1000. */
  autoStepMs?: number;
}

interface Timer extends TimerHandle {
  fn: () => void;
}

/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class LocalClock implements Clock {
  readonly scale: number;
  private baseVirtual: number;
  private baseReal: number;
  private timers: Timer[] = [];
  private seq = 0;
  private realTimer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private settlers = new Set<() => Promise<void>>();
  private closed = false;
  private frozenFlag: boolean;
  private readonly autoStepMs: number;
  private readonly onError: (err: unknown) => void;

  constructor(opts: LocalClockOptions = {}) {
    this.scale = opts.scale ?? 1;
    if (!(this.scale > 0)) throw new RangeError('scale must be > 0');
    this.baseReal = Date.now();
    this.baseVirtual = opts.startMs ?? this.baseReal;
    this.onError = opts.onError ?? ((err) => console.error('LocalClock timer failed', err));
    this.frozenFlag = opts.frozen ?? false;
    this.autoStepMs = opts.autoStepMs ?? 1_000;
  }

  now(): number {
    if (this.frozenFlag) return this.baseVirtual;
    return Math.floor(this.baseVirtual + (Date.now() - this.baseReal) * this.scale);
  }

  /** True while time moves only by `advance`. */
  get frozen(): boolean {
    return this.frozenFlag;
  }

  /** Stops virtual time where it is; it moves again only by `advance` (or `unfreeze`). */
  freeze(): void {
    if (this.frozenFlag) return;
    this.setNow(this.now());
    this.frozenFlag = true;
    this.reschedule();
  }

  /** Lets virtual time run with real time again, from where it stands. */
  unfreeze(): void {
    if (!this.frozenFlag) return;
    this.frozenFlag = false;
    this.setNow(this.baseVirtual);
    this.reschedule();
  }

  /** How far virtual time is ahead of real time (ms). */
  offset(): number {
    return this.now() - Date.now();
  }

  /** Timers not yet fired. */
  pending(): number {
    return this.timers.length;
  }

  /**
   * Runs `fn` when virtual time reaches `atMs` (at once, on the next turn, if it already has).
   * Timers fire in due order; equal times fire in the order they were set.
   */
  setTimer(atMs: number, fn: () => void): TimerHandle {
    if (this.closed) throw new Error('LocalClock is closed');
    const timer: Timer = { id: ++this.seq, at: atMs, fn };
    // Keep the list sorted by (at, id): insert after every timer due at or before atMs.
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.at > atMs) i--;
    this.timers.splice(i, 0, timer);
    this.reschedule();
    return { id: timer.id, at: timer.at };
  }

  clearTimer(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const i = this.timers.findIndex((t) => t.id === handle.id);
    if (i >= 0) {
      this.timers.splice(i, 1);
      this.reschedule();
    }
  }

  /**
   * Registers a function that resolves when the engines using this clock have finished reacting
   * to a timer (the Step Functions endpoint registers its `settle`). `advance` awaits every
   * settler after each timer it fires. Returns a function that unregisters it.
   */
  addSettler(fn: () => Promise<void>): () => void {
    this.settlers.add(fn);
    return () => this.settlers.delete(fn);
  }

  /**
   * Moves virtual time forward by `ms`, firing every timer that falls due, in due order: time
   * steps to each timer's due time, the timer fires, promise callbacks run and the settlers
   * settle, before the next one — so a timer set by a callback for a time within the window
   * fires too. Ends with virtual time `ms` later than at the call.
   */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError('advance(ms) needs ms >= 0');
    const target = this.now() + ms;
    return this.enqueue(async () => {
      for (;;) {
        const next = this.timers[0];
        if (!next || next.at > target) break;
        if (next.at > this.now()) this.setNow(next.at);
        await this.fire(next);
      }
      if (target > this.now()) this.setNow(target);
      this.reschedule();
      await this.settle();
    });
  }

  /** Clears every timer; the clock still tells the time. */
  close(): void {
    this.closed = true;
    this.timers = [];
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    this.settlers.clear();
  }

  private setNow(virtual: number): void {
    this.baseVirtual = virtual;
    this.baseReal = Date.now();
  }

  private async fire(timer: Timer): Promise<void> {
    const i = this.timers.indexOf(timer);
    if (i < 0) return;
    this.timers.splice(i, 1);
    try {
      timer.fn();
    } catch (err) {
      this.onError(err);
    }
    await this.settle();
  }

  private async settle(): Promise<void> {
    await nextTurn();
    for (const s of [...this.settlers]) await s();
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.chain.then(work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** One real setTimeout, for the earliest timer. */
  private reschedule(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    const first = this.timers[0];
    if (!first || this.closed) return;
    const ahead = first.at - this.now();
    // Frozen: only a short wait runs by itself; a longer one waits for `advance`.
    if (this.frozenFlag && ahead > this.autoStepMs) return;
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, Math.ceil(ahead / this.scale)));
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      void this.enqueue(() => this.fireDue(first.at));
    }, delay);
    // Pending virtual timers alone do not keep the process alive (the servers do).
    this.realTimer.unref();
  }

  /**
   * Fires the timers due by now: real time has reached them, or (frozen) the real delay of the
   * short wait due at `stepTo` has passed and time steps to it.
   */
  private async fireDue(stepTo: number): Promise<void> {
    if (this.frozenFlag && stepTo > this.now() && stepTo - this.now() <= this.autoStepMs) this.setNow(stepTo);
    for (;;) {
      const next = this.timers[0];
      if (!next || next.at > this.now()) break;
      await this.fire(next);
    }
    this.reschedule();
  }
}
