import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalClock } from '../../infra/local/clock.ts';

const HOUR = 3_600_000;
const clocks: LocalClock[] = [];
const newClock = (opts?: ConstructorParameters<typeof LocalClock>[0]) => {
  const c = new LocalClock(opts);
  clocks.push(c);
  return c;
};

afterEach(() => {
  for (const c of clocks.splice(0)) c.close();
});

describe('LocalClock', () => {
  it('starts at real time (or startMs) and advance moves it forward', async () => {
    const real = newClock();
    expect(Math.abs(real.now() - Date.now())).toBeLessThan(50);
    const c = newClock({ startMs: Date.UTC(2026, 0, 5, 1, 0, 0) });
    const before = c.now();
    await c.advance(2 * HOUR);
    expect(c.now() - before).toBeGreaterThanOrEqual(2 * HOUR);
    expect(c.now() - before).toBeLessThan(2 * HOUR + 1_000);
  });

  it('advance fires due timers in due order, each at its own time, and not the later ones', async () => {
    const c = newClock();
    const t0 = c.now();
    const fired: [string, number][] = [];
    c.setTimer(t0 + 3 * HOUR, () => fired.push(['c', c.now() - t0]));
    c.setTimer(t0 + 1 * HOUR, () => fired.push(['a', c.now() - t0]));
    c.setTimer(t0 + 2 * HOUR, () => fired.push(['b', c.now() - t0]));
    c.setTimer(t0 + 9 * HOUR, () => fired.push(['late', c.now() - t0]));
    await c.advance(3 * HOUR);
    expect(fired.map(([n]) => n)).toEqual(['a', 'b', 'c']);
    // Time steps to each due time (within the real time the test itself takes).
    fired.forEach(([, at], i) => {
      expect(at).toBeGreaterThanOrEqual((i + 1) * HOUR);
      expect(at).toBeLessThan((i + 1) * HOUR + 1_000);
    });
    expect(c.pending()).toBe(1);
  });

  it('fires a timer that a callback sets inside the window (a daily reminder over 3 days fires 3 times)', async () => {
    const c = newClock();
    let reminders = 0;
    const remind = () => {
      reminders++;
      c.setTimer(c.now() + 24 * HOUR, remind);
    };
    c.setTimer(c.now() + 24 * HOUR, remind);
    await c.advance(72 * HOUR + 1_000);
    expect(reminders).toBe(3);
  });

  it('lets promise callbacks run between timers', async () => {
    const c = newClock();
    const log: string[] = [];
    const t0 = c.now();
    c.setTimer(t0 + 1_000, () => {
      log.push('t1');
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => log.push('t1-followup'));
    });
    c.setTimer(t0 + 2_000, () => log.push('t2'));
    await c.advance(5_000);
    expect(log).toEqual(['t1', 't1-followup', 't2']);
  });

  it('awaits registered settlers after each timer', async () => {
    const c = newClock();
    const log: string[] = [];
    const unregister = c.addSettler(async () => {
      await sleep(5);
      log.push('settled');
    });
    c.setTimer(c.now() + 1_000, () => log.push('t1'));
    c.setTimer(c.now() + 2_000, () => log.push('t2'));
    await c.advance(3_000);
    expect(log.slice(0, 4)).toEqual(['t1', 'settled', 't2', 'settled']);
    unregister();
  });

  it('clearTimer cancels', async () => {
    const c = newClock();
    let fired = false;
    const h = c.setTimer(c.now() + 1_000, () => {
      fired = true;
    });
    c.clearTimer(h);
    await c.advance(2_000);
    expect(fired).toBe(false);
    expect(c.pending()).toBe(0);
  });

  it('fires timers on its own in real time, and faster with scale', async () => {
    const c = newClock();
    let fired = 0;
    c.setTimer(c.now() + 20, () => fired++);
    // Waits for the outcome, not for a fixed real delay: a slow machine only makes it later.
    await vi.waitFor(() => expect(fired).toBe(1), { timeout: 10_000, interval: 10 });

    const fast = newClock({ scale: 1_000 }); // one virtual minute per 60 real ms
    fast.setTimer(fast.now() + 60_000, () => fired++);
    await vi.waitFor(() => expect(fired).toBe(2), { timeout: 10_000, interval: 10 });
  });

  it('caps the real delay of a far timer (no 32-bit overflow into an immediate fire)', async () => {
    const c = newClock();
    let fired = false;
    c.setTimer(c.now() + 100 * 24 * HOUR, () => {
      fired = true;
    });
    await sleep(50);
    expect(fired).toBe(false);
  });

  it('a timer already due fires on the next turn', async () => {
    const c = newClock();
    let fired = false;
    c.setTimer(c.now() - 1_000, () => {
      fired = true;
    });
    expect(fired).toBe(false);
    await sleep(20);
    expect(fired).toBe(true);
  });

  it('close clears every timer', async () => {
    const c = newClock();
    let fired = false;
    c.setTimer(c.now() + 10, () => {
      fired = true;
    });
    c.close();
    expect(c.pending()).toBe(0);
    await sleep(50);
    expect(fired).toBe(false);
    expect(() => c.setTimer(c.now(), () => undefined)).toThrow(/closed/);
  });
});

describe('a frozen LocalClock', () => {
  const T0 = Date.UTC(2026, 2, 2, 2, 0, 0); // Mon 02/03/2026 09:00 in Hà Nội

  it('stands still while real time passes and moves exactly by advance', async () => {
    const c = newClock({ startMs: T0, frozen: true });
    expect(c.frozen).toBe(true);
    await sleep(30);
    expect(c.now()).toBe(T0);
    await c.advance(9 * 60_000);
    expect(c.now()).toBe(T0 + 9 * 60_000);
    await sleep(30);
    expect(c.now()).toBe(T0 + 9 * 60_000);
  });

  it('fires timers at their exact due time when advance reaches them, and long waits only then', async () => {
    const c = newClock({ startMs: T0, frozen: true });
    const fired: number[] = [];
    c.setTimer(T0 + HOUR, () => fired.push(c.now()));
    await sleep(30);
    expect(fired).toEqual([]);
    await c.advance(2 * HOUR);
    expect(fired).toEqual([T0 + HOUR]);
    expect(c.now()).toBe(T0 + 2 * HOUR);
  });

  it('runs a short wait (a retry back-off) by itself, stepping time to its due time', async () => {
    const c = newClock({ startMs: T0, frozen: true });
    const fired: number[] = [];
    c.setTimer(T0 + 5, () => fired.push(c.now()));
    c.setTimer(T0 + 5_000, () => fired.push(c.now()));
    await vi.waitFor(() => expect(fired).toEqual([T0 + 5]), { timeout: 10_000, interval: 5 });
    await sleep(30);
    expect(fired).toEqual([T0 + 5]);
    expect(c.now()).toBe(T0 + 5);
  });

  it('freeze keeps the time it has; unfreeze lets it run again from there', async () => {
    const c = newClock({ startMs: T0 });
    c.freeze();
    const at = c.now();
    await sleep(30);
    expect(c.now()).toBe(at);
    c.unfreeze();
    expect(c.now() - at).toBeLessThan(1_000);
    await vi.waitFor(() => expect(c.now()).toBeGreaterThan(at), { timeout: 10_000, interval: 5 });
  });
});
