import { ACCESS_MESSAGES } from './messages/access.ts';
import { CATALOGUE_MESSAGES } from './messages/catalogue.ts';
import { DOSSIER_MESSAGES } from './messages/dossiers.ts';
import { PROBLEM_TITLES } from './messages/problem-titles.ts';
import { QUEUE_MESSAGES } from './messages/queue.ts';

/**
 * What the system says to a person, in one table: a message key → the Vietnamese text and its
 * English companion. A message with parameters is a pair of functions of one typed object, so a
 * caller cannot forget a parameter or misspell one. Refusals (`DomainError` → problem+json
 * `detail` and `detailEn`, field errors' `message`), the titles of problems by code, and the web app
 * read this table, so the same words are said wherever a refusal is shown. The entries are written
 * by area in ./messages/; docs/design-notes.md ("Messages") says how to add one.
 */
export { PROBLEM_TITLES };

export const MESSAGES = { ...ACCESS_MESSAGES, ...DOSSIER_MESSAGES, ...CATALOGUE_MESSAGES, ...QUEUE_MESSAGES };

export type MessageKey = keyof typeof MESSAGES;

/** The parameters a message takes, or `undefined` for a fixed text. */
export type MessageParams<K extends MessageKey> = (typeof MESSAGES)[K]['vi'] extends (p: infer P) => string
  ? P
  : undefined;

/** The keys of fixed texts: these may be named alone, without `message()`. */
export type PlainMessageKey = {
  [K in MessageKey]: (typeof MESSAGES)[K]['vi'] extends string ? K : never;
}[MessageKey];

/** A message to be said: its key and, for a message with parameters, their values. */
export interface Message<K extends MessageKey = MessageKey> {
  readonly key: K;
  readonly params?: MessageParams<K>;
}

/** A message with its parameters, e.g. `message('procedure.notFound', { code })`. */
export function message<K extends MessageKey>(
  key: K,
  ...params: MessageParams<K> extends undefined ? [] : [MessageParams<K>]
): Message<K> {
  return (params.length ? { key, params: params[0] } : { key }) as Message<K>;
}

export type Lang = 'vi' | 'en';

/** The words of a message in a language. */
export function say(m: Message | PlainMessageKey, lang: Lang = 'vi'): string {
  const { key, params } = typeof m === 'string' ? { key: m, params: undefined } : m;
  const words = MESSAGES[key][lang] as string | ((p: unknown) => string);
  return typeof words === 'function' ? words(params) : words;
}

/** The title of a problem by its code in a language, or undefined for a code this table does not know. */
export function problemTitle(code: string, lang: Lang): string | undefined {
  return Object.hasOwn(PROBLEM_TITLES, code)
    ? PROBLEM_TITLES[code as keyof typeof PROBLEM_TITLES][lang]
    : undefined;
}
