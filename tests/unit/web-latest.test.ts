import { describe, expect, it } from 'vitest';
import { latestRequests } from '../../web/src/lib/latest.ts';

describe('latestRequests', () => {
  it('lets only the newest request show its answer, whatever order the answers come in', () => {
    const latest = latestRequests();
    const shown: string[] = [];
    const ask = (year: string) => {
      const current = latest();
      return () => {
        if (current()) shown.push(year);
      };
    };
    // 2028 asked first and answered last; 2031 asked after it and answered first.
    const answer2028 = ask('2028');
    const answer2031 = ask('2031');
    answer2031();
    answer2028();
    expect(shown).toEqual(['2031']);
    ask('2029')();
    expect(shown).toEqual(['2031', '2029']);
  });

  it('keeps separate counts for separate pages', () => {
    const a = latestRequests();
    const b = latestRequests();
    const first = a();
    b();
    expect(first()).toBe(true);
    a();
    expect(first()).toBe(false);
  });
});
