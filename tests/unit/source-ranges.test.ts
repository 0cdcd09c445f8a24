import { describe, expect, it } from 'vitest';
import { inRanges } from '../../shared/adapters/rate-limit.ts';

/** The centre's own networks and the hall's kiosks are listed as CIDR ranges in configuration. */
describe('inRanges (exempt sources, kiosks)', () => {
  const ranges = '10.20.0.0/16, 203.0.113.7/32,2001:db8::/32, not-a-range';

  it('finds IPv4, IPv6 and IPv4-mapped IPv6 addresses in the listed ranges', () => {
    expect(inRanges('10.20.3.4', ranges)).toBe(true);
    expect(inRanges(' 203.0.113.7 ', ranges)).toBe(true);
    expect(inRanges('2001:db8:1::5', ranges)).toBe(true);
    expect(inRanges('::ffff:10.20.9.9', ranges)).toBe(true);
  });

  it('refuses addresses outside them, malformed addresses and an empty list', () => {
    expect(inRanges('10.21.0.1', ranges)).toBe(false);
    expect(inRanges('203.0.113.8', ranges)).toBe(false);
    expect(inRanges('2001:db9::1', ranges)).toBe(false);
    expect(inRanges('10.20.3', ranges)).toBe(false);
    expect(inRanges('10.20.3.4', '')).toBe(false);
    expect(inRanges('10.20.3.4', 'garbage, 300.1.1.1/8')).toBe(false);
  });

  it('answers the same for each list however often it is asked (the parsed list is kept)', () => {
    for (let i = 0; i < 3; i++) {
      expect(inRanges('10.20.3.4', ranges)).toBe(true);
      expect(inRanges('10.20.3.4', '192.168.0.0/24')).toBe(false);
      expect(inRanges('192.168.0.9', '192.168.0.0/24')).toBe(true);
    }
  });
});
