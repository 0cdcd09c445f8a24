import { describe, expect, it } from 'vitest';
import { DomainError, fieldError } from '../../shared/domain/errors.ts';
import { EVENT_LABELS, STATUS_LABELS } from '../../shared/domain/lifecycle.ts';
import { ACCESS_MESSAGES } from '../../shared/domain/messages/access.ts';
import { CATALOGUE_MESSAGES } from '../../shared/domain/messages/catalogue.ts';
import { DOSSIER_MESSAGES } from '../../shared/domain/messages/dossiers.ts';
import { QUEUE_MESSAGES } from '../../shared/domain/messages/queue.ts';
import type { Words } from '../../shared/domain/messages/words.ts';
import { MESSAGES, type MessageKey, message, PROBLEM_TITLES, say } from '../../shared/domain/messages.ts';
import { problemResponse } from '../../shared/http/problem.ts';

const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

describe('the messages table', () => {
  it('has a Vietnamese text with diacritics and a different English text for every message', () => {
    for (const key of Object.keys(MESSAGES) as MessageKey[]) {
      const words = MESSAGES[key];
      // A message with parameters is said with sample values of any type.
      const sample = new Proxy({}, { get: () => '7' });
      const vi = typeof words.vi === 'function' ? (words.vi as (p: unknown) => string)(sample) : words.vi;
      const en = typeof words.en === 'function' ? (words.en as (p: unknown) => string)(sample) : words.en;
      expect(vi.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(vi, key).not.toBe(en);
      expect(en, `${key} in English`).not.toMatch(VIETNAMESE_LETTER);
    }
    for (const [code, title] of Object.entries(PROBLEM_TITLES)) {
      expect(title.vi, code).toMatch(/\S/);
      expect(title.en, code).not.toMatch(VIETNAMESE_LETTER);
    }
  });

  it('has each key once across the areas it is written in', () => {
    const parts = [ACCESS_MESSAGES, DOSSIER_MESSAGES, CATALOGUE_MESSAGES, QUEUE_MESSAGES];
    const keys = parts.flatMap((p) => Object.keys(p));
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(MESSAGES)).toHaveLength(keys.length);
  });

  it('writes each pair of words once: a title or label that says the same refers to it', () => {
    const tables = [MESSAGES, PROBLEM_TITLES, STATUS_LABELS, EVENT_LABELS] as Record<string, Words>[];
    const written = new Set(tables.flatMap((t) => Object.values(t)).filter((w) => typeof w.vi === 'string'));
    const where = new Map<string, Words>();
    for (const words of written) {
      const text = `${words.vi} / ${words.en}`;
      expect(where.get(text), text).toBeUndefined();
      where.set(text, words);
    }
  });

  it('says a message with its parameters in each language', () => {
    const m = message('procedure.notFound', { code: 'HT-01' });
    expect(say(m)).toBe('Không có thủ tục mã HT-01');
    expect(say(m, 'en')).toBe('No procedure has the code HT-01');
    expect(say('dossier.notFound', 'vi')).toBe('Không tìm thấy hồ sơ');
    expect(say(message('step.extensionMax', { amount: 5, unit: 'WORKING_DAYS' }))).toBe(
      'Gia hạn tối đa 5 ngày làm việc',
    );
    expect(say(message('step.extensionMax', { amount: 5, unit: 'CALENDAR_DAYS' }), 'en')).toBe(
      'An extension is at most 5 days',
    );
  });
});

describe('a DomainError named by its message', () => {
  it('carries the Vietnamese text as its message and the English beside it', () => {
    const err = new DomainError('DOSSIER_NOT_FOUND', 'dossier.notFound');
    expect(err.message).toBe('Không tìm thấy hồ sơ');
    expect(err.messageEn).toBe('Dossier not found');
    expect(err.messageKey).toBe('dossier.notFound');
    const withParams = new DomainError('COUNTER_BUSY', message('counter.serving', { number: 15 }), [], {
      ticketId: 't',
    });
    expect(withParams.message).toBe('Quầy đang phục vụ số 15');
    expect(withParams.extra).toEqual({ ticketId: 't' });
  });

  it('becomes a problem with the detail in both languages', () => {
    const err = new DomainError('VALIDATION_FAILED', 'department.choose', [
      fieldError('query.department', 'required', 'department.choose'),
    ]);
    const res = problemResponse(err.code, {
      detail: err.message,
      detailEn: err.messageEn,
      errors: err.fieldErrors,
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(String(res.body))).toMatchObject({
      code: 'VALIDATION_FAILED',
      title: PROBLEM_TITLES.VALIDATION_FAILED.vi,
      titleEn: PROBLEM_TITLES.VALIDATION_FAILED.en,
      detail: 'Chọn cơ quan',
      detailEn: 'Choose a department',
      errors: [
        {
          path: 'query.department',
          code: 'required',
          message: 'Chọn cơ quan',
        },
      ],
    });
  });

  it('has no detail when no message is named', () => {
    const res = problemResponse('IDEMPOTENCY_KEY_REUSED', {
      detail: new DomainError('IDEMPOTENCY_KEY_REUSED').message,
    });
    expect(JSON.parse(String(res.body))).not.toHaveProperty('detail');
  });
});
