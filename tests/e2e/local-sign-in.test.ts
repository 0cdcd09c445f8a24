import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWebConfig } from '../../infra/local/auth.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/stack.ts';
import { startStaticServer } from '../../infra/local/static.ts';
import { MON_2026_03_02_0900 } from '../support/workflow.ts';
import { buildWeb, CHROMIUM, CHROMIUM_FLAGS, expectAccessible, screenshots } from './support.ts';

/**
 * One local sign-in: the API's `/_local/login` hands over to the web app's staff sign-in, which
 * lists the demo accounts (config.json as `npm start` writes it); picking one opens the inbox.
 * The web app is served first so the stack knows its address, as `npm start` does.
 */
let stack: LocalStack;
let web: { url: string; close(): Promise<void> };
let browser: Browser;
let dist: string;

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'motcua-web-'));
  await buildWeb(dist);
  web = await startStaticServer({ host: '127.0.0.1', port: 0, dir: dist });
  stack = await startLocalStack({ clockStartMs: MON_2026_03_02_0900, publicWebUrl: web.url });
  writeFileSync(
    path.join(dist, 'config.json'),
    JSON.stringify(localWebConfig(stack.urls.api, stack.auth.users)),
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
  if (dist) rmSync(dist, { recursive: true, force: true });
}, 60_000);

describe('local sign-in', () => {
  it('opens /_local/login, lands on the web app’s sign-in listing the demo accounts, picks one and sees the inbox', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 900 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${stack.urls.api}/_local/login?next=${encodeURIComponent('/can-bo/ho-so')}`);
    await page.waitForURL(`${web.url}/can-bo/dang-nhap?next=%2Fcan-bo%2Fho-so`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập cán bộ' }).waitFor();
    const group = page.getByRole('group', { name: 'Chọn tài khoản mẫu' });
    await group.waitFor();
    for (const name of ['Quản trị hệ thống', 'Nguyễn Văn Chuyên Viên', 'Trần Thị Trưởng Phòng'])
      await group.getByLabel(name).waitFor();
    // Each account's department by its name, never its id.
    await group.getByText('Sở Tài chính').first().waitFor();
    expect(await group.textContent()).not.toMatch(/· (STC|SXD|SCT|SNV|SYT)\b/);
    await expectAccessible(page, 'local staff sign-in with the demo accounts');
    await screenshots(page, 'vi-20-staff-login-local');

    await group.getByLabel('Nguyễn Văn Chuyên Viên').check();
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${web.url}/can-bo/ho-so`);
    await page.getByRole('heading', { level: 1, name: 'Hồ sơ cần xử lý' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('motcua.staffToken'))).toMatch(/^ey/);
    await context.close();
  }, 180_000);
});
