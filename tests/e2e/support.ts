import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  type LocalStack,
  type LocalStackOptions,
  REPO_ROOT,
  startLocalStack,
} from '../../infra/local/stack.ts';
import { startStaticServer } from '../../infra/local/static.ts';
import type { UploadSlot } from '../../shared/contracts/dossier.ts';
import { lookupPath } from '../../shared/contracts/web-routes.ts';
import { DOSSIER_CODE_PATTERN } from '../../shared/domain/dossier-code.ts';
import { uploadToSlot } from '../support/api.ts';
import { pdfBytes } from '../support/files.ts';
import { decide, type Submitted, staff } from '../support/workflow.ts';

/**
 * End-to-end tests of the citizen web form: each test file starts its own local stack, builds the
 * web app with Vite into a temporary folder, serves it with the same static server `npm start`
 * uses (plus a /config.json pointing at the stack's API) and drives Debian's Chromium with
 * playwright-core (LOCAL-ENGINES.md, "Browser tests"). Screenshots go to web/screenshots/
 * (git-ignored) for a person to look at.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const SCREENSHOTS = path.join(REPO_ROOT, 'web', 'screenshots');

/** Builds the web app with Vite's JS API into `outDir` (each test file its own, so files can run in parallel). */
export async function buildWeb(outDir: string): Promise<void> {
  await build({
    configFile: path.join(REPO_ROOT, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

export interface E2E {
  stack: LocalStack;
  webUrl: string;
  browser: Browser;
  /** A fresh browser context (own storage) and page, at the given width. */
  newPage(opts?: { width?: number; lang?: 'vi' | 'en' }): Promise<{ context: BrowserContext; page: Page }>;
}

export function useE2E(opts: LocalStackOptions = {}): () => E2E {
  let env: E2E | undefined;
  let web: { close(): Promise<void> } | undefined;
  let dist: string | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'motcua-web-'));
    const [stack] = await Promise.all([startLocalStack(opts), buildWeb(dist)]);
    writeFileSync(path.join(dist, 'config.json'), JSON.stringify({ apiBaseUrl: stack.urls.api }));
    const server = await startStaticServer({ host: '127.0.0.1', port: 0, dir: dist });
    web = server;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    env = {
      stack,
      webUrl: server.url,
      browser,
      async newPage({ width = 1280, lang = 'vi' } = {}) {
        const context = await browser.newContext({
          viewport: { width, height: 900 },
          locale: lang === 'vi' ? 'vi-VN' : 'en-GB',
          timezoneId: 'Asia/Ho_Chi_Minh',
        });
        contexts.push(context);
        if (lang === 'en')
          await context.addInitScript(() => {
            if (!localStorage.getItem('motcua.lang')) localStorage.setItem('motcua.lang', 'en');
          });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        return { context, page };
      },
    };
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await env?.browser.close();
    await web?.close();
    await env?.stack.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  }, 60_000);
  return () => {
    if (!env) throw new Error('e2e environment not started');
    return env;
  };
}

/** axe (WCAG 2.0/2.1 A and AA rules): no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page, label: string) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(report, `axe on ${label}`).toEqual([]);
  return result.violations.length;
}

/** axe as `expectAccessible` says, at 360 px and at 1280 px wide; the page keeps its width after. */
export async function expectAccessibleAtBothWidths(page: Page, label: string) {
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${label} at ${width} px`);
  }
  await page.setViewportSize(original);
}

/** Full-page screenshots at 360 px and 1280 px wide, under web/screenshots/. */
export async function screenshots(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

/** Minimal real files whose magic bytes match their type (the API checks them at submit). */
/** A small well-formed PDF (it can be signed when it is a result), `extra` bytes of padding. */
export function pdfFile(name = 'giay-de-nghi.pdf', extra = 0) {
  return { name, mimeType: 'application/pdf', buffer: pdfBytes(extra) };
}

export function pngFile(name = 'can-cuoc.png') {
  // A 1×1 PNG.
  const b64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
  return { name, mimeType: 'image/png', buffer: Buffer.from(b64, 'base64') };
}

/** The citizen used throughout: valid CCCD and mobile formats. */
export const CITIZEN = {
  fullName: 'Nguyễn Thị Hồng Nhung',
  idNumber: '019190001234',
  phone: '0912 345 678',
  email: 'nhung@example.vn',
  address: 'Số 12, đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên',
};

/** The form's Continue / submit button (one per step). */
export const submitButton = (page: Page) => page.locator('main form button[type="submit"]').last();

/**
 * Fills in the applicant step of a procedure's form with the citizen (by input id, so it works in
 * both languages) and continues to the details step; answers the citizen as filled in.
 */
export async function fillApplicant(
  page: Page,
  procedureCode: string,
  citizen: Partial<typeof CITIZEN> = {},
) {
  const c = { ...CITIZEN, ...citizen };
  await page.waitForURL(`**/apply/${procedureCode}/applicant`);
  await page.locator('#f-applicant-fullName').fill(c.fullName);
  await page.locator('#f-applicant-idNumber').fill(c.idNumber);
  await page.locator('#f-applicant-phone').fill(c.phone);
  await page.locator('#f-applicant-email').fill(c.email);
  await page.locator('#f-applicant-address').fill(c.address);
  await submitButton(page).click();
  await page.waitForURL(`**/apply/${procedureCode}/details`);
  return c;
}

/**
 * Fills in the applicant, details and delivery steps of 2.001610 (private enterprise), by input
 * id so it works in both languages; stops on the documents step.
 */
export async function fillPrivateEnterprise(page: Page, citizen: Partial<typeof CITIZEN> = {}) {
  const c = await fillApplicant(page, '2.001610', citizen);
  await page.locator('#f-fields-enterpriseName').fill('Doanh nghiệp tư nhân Hồng Nhung');
  await page.locator('#f-fields-headOfficeAddress').fill(c.address);
  await page.locator('#f-fields-mainBusinessLine').fill('Bán lẻ hàng may mặc');
  await page.locator('#f-fields-investedCapitalVnd').fill('500000000');
  await submitButton(page).click();
  await page.waitForURL('**/apply/2.001610/delivery');
  await page.locator('#f-delivery-method-0').check();
  await submitButton(page).click();
  await page.waitForURL('**/apply/2.001610/documents');
}

/** Chooses a file for a document requirement and waits until it is uploaded. */
export async function upload(page: Page, requirementId: string, file: ReturnType<typeof pdfFile>) {
  await page.locator(`#f-documents-${requirementId}-file`).setInputFiles(file);
  await page.locator(`#f-documents-${requirementId} .upload-done`).waitFor();
}

export const uniqueName = () => randomUUID().slice(0, 8);

/** Presses Tab until the focused element matches `selector` (keyboard-only navigation). */
/** The receipt a submission leads to: its dossier code (a well-formed one) and look-up secret. */
export async function receiptShown(page: Page): Promise<{ code: string; secret: string }> {
  await page.waitForURL('**/receipt/**');
  const code = (await page.locator('#dossier-code').textContent()) ?? '';
  expect(code).toMatch(DOSSIER_CODE_PATTERN);
  const secret = (await page.locator('#lookup-secret').textContent()) ?? '';
  return { code, secret };
}

/** The look-up page of a dossier in the web app under test, as the receipt links to it. */
export function lookupPage(webUrl: string, code: string, secret?: string): string {
  return `${webUrl}${lookupPath(code, secret)}`;
}

export async function tabTo(page: Page, selector: string, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Whether the focused element shows a focus indicator (outline, box shadow or the yellow fill). */
export async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) >= 2;
    return outline || s.boxShadow !== 'none' || s.backgroundColor === 'rgb(255, 221, 0)';
  });
}

/**
 * The department issues the dossier's result: the officer of its one step (S01) uploads the result
 * PDF under `fileName` and completes the step, and the workflow settles. A dossier delivered online
 * is then returned at once: its look-up page offers the result for download. Answers the PDF as
 * uploaded (before the centre signs it).
 */
export async function issueResult(stack: LocalStack, d: Submitted, fileName: string): Promise<Buffer> {
  const result = pdfBytes();
  const slot = (
    await staff<{ slot: UploadSlot }>(
      stack,
      'POST',
      `/staff/dossiers/${d.dossierId}/steps/S01/result-uploads`,
      { fileName, size: result.length },
    )
  ).body.slot;
  expect(await uploadToSlot(slot, result, 'application/pdf')).toBeLessThan(300);
  expect(
    (await decide(stack, d, 'S01', { action: 'COMPLETE', resultDocumentId: slot.documentId })).status,
  ).toBe(200);
  return result;
}
