import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini registers no locale of its own: without one, every built-in message (a too-long text, a
 * wrong type) would read "Invalid input". Classic zod made English the default, and the API's
 * problem+json field errors carry those messages, so every module that builds schemas imports this
 * one. Like classic zod it only sets the default: a locale chosen explicitly (the web's language,
 * web/src/i18n) is kept, whichever runs first.
 */
if (!z.config().localeError) z.config(en());
