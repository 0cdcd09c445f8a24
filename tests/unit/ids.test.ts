import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { newDocumentId } from '../../shared/adapters/ids.ts';

describe('document ids', () => {
  it('are valid UUIDs (version 7) that sort in the order they were made, within one millisecond too', () => {
    const ids = Array.from({ length: 10_000 }, () => newDocumentId());
    for (const id of ids) expect(z.uuid().safeParse(id).success, id).toBe(true);
    expect(ids.every((id) => id[14] === '7')).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
