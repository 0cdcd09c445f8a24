import * as z from 'zod/mini';
import zodEn from 'zod/v4/locales/en.js';
import zodVi from 'zod/v4/locales/vi.js';
import { en } from './en.ts';
import { type Messages, vi } from './vi.ts';

/**
 * The message catalogues and the current language. Vietnamese first; the choice is remembered in
 * localStorage (not personal data). zod's own messages (a too-long text, a wrong type) follow the
 * language; the contracts' custom messages are Vietnamese, as the API gives them, and `tr`
 * translates them for the English page.
 */
export type Lang = 'vi' | 'en';
const CATALOGUES: Record<Lang, Messages> = { vi, en };
const STORAGE_KEY = 'motcua.lang';

let lang: Lang = 'vi';

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'vi' || stored === 'en') return stored;
  } catch {
    // storage disabled
  }
  return 'vi';
}

export function setLang(next: Lang) {
  lang = next;
  z.config(next === 'vi' ? zodVi() : zodEn());
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // storage disabled
  }
}

export function initLang() {
  setLang(initialLang());
}

export const currentLang = () => lang;

/** The current catalogue. */
export const m = (): Messages => CATALOGUES[lang];

/** A message from the API or a shared contract (Vietnamese) in the current language. */
export function tr(message: string): string {
  const cat = m();
  const exact = cat.translate[message];
  if (exact) return exact;
  for (const [re, out] of cat.translatePatterns) if (re.test(message)) return message.replace(re, out);
  return message;
}
