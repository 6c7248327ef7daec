import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD as PASSWORD, logIn, submitLogin } from './support/login.js';
import { built, root, startServer, type DeskServer } from './support/server.js';

/**
 * The app shell through the web host in Chromium: first-run setup, logging in as each role and seeing exactly the
 * areas that role opens, the language switch (remembered across a reload), the lock screen, and a trainee who
 * crafts a WebSocket message for a treasurer's method and is refused with nothing written.
 */
const shots = join(root, 'test-results', 'shell');

test.skip(!built, 'the app is not built (npm run build)');
test.describe.configure({ mode: 'serial' });

async function navNames(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Areas' }).getByRole('link').allInnerTexts();
}

test.describe('first run', () => {
  let server: DeskServer;
  test.beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer();
  });
  test.afterAll(async () => server.stop());

  test('an empty desk asks for the first administrator, who then sees every lab area and People', async ({
    page,
  }) => {
    await page.goto(server.url);
    const form = page.getByRole('form', { name: 'Welcome — first-run setup' });
    await expect(form).toBeVisible();
    await form.getByLabel('Your name').fill('Kali Akuno');
    await form.getByLabel('Username').fill('kali');
    await form.getByLabel('Password', { exact: true }).fill('a long enough secret');
    await form.getByLabel('Password again').fill('a long enough secret');
    await page.screenshot({ path: join(shots, 'setup.png') });
    await form.getByRole('button', { name: 'Create administrator' }).click();

    await expect(page.getByText('Signed in as Kali Akuno')).toBeVisible();
    expect(await navNames(page)).toEqual([
      'Set up the lab',
      'Machines',
      'Jobs',
      'Library',
      'Training',
      'Treasury',
      'Production',
      'Usage and impact',
      'People',
      'Settings',
    ]);
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await expect(page.getByRole('cell', { name: 'Kali Akuno', exact: true })).toBeVisible();
    await page.screenshot({ path: join(shots, 'people.png') });

    // Setup happens once: a reload keeps the login (resume token) and never shows the setup form again.
    await page.reload();
    await expect(page.getByText('Signed in as Kali Akuno')).toBeVisible();
  });
});

test.describe('demo desk', () => {
  let server: DeskServer;
  test.beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer({ demo: true });
  });
  test.afterAll(async () => server.stop());

  test('a person whose language is Spanish gets the desk in Spanish when they log in', async ({ page }) => {
    await page.goto(server.url);
    await submitLogin(page, 'staff');
    await expect(page.getByRole('navigation', { name: 'Áreas' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Máquinas' })).toBeVisible();
  });

  const expected: Record<string, string[]> = {
    admin: [
      'Set up the lab',
      'Machines',
      'Jobs',
      'Library',
      'Training',
      'Treasury',
      'Production',
      'Usage and impact',
      'People',
      'Settings',
    ],
    staff: [
      'Machines',
      'Jobs',
      'Library',
      'Training',
      'Campaign',
      'Production',
      'Usage and impact',
      'People',
      'Settings',
    ],
    instructor: [
      'Machines',
      'Jobs',
      'Library',
      'Training',
      'Campaign',
      'Production',
      'Usage and impact',
      'People',
      'Settings',
    ],
    trainee: ['Machines', 'Jobs', 'Library', 'Training', 'Campaign', 'Settings'],
    treasurer: ['Training', 'Treasury', 'Usage and impact', 'People', 'Settings'],
  };

  for (const [username, areas] of Object.entries(expected)) {
    test(`${username} sees exactly their areas`, async ({ page }) => {
      await logIn(page, server.url, username);
      expect(await navNames(page)).toEqual(areas);
      await page.screenshot({ path: join(shots, `nav-${username}.png`) });
      // An area the roles do not open says so, even when typed into the address bar.
      if (!areas.includes('Treasury')) {
        await page.goto(`${server.url}#/treasury`);
        await expect(page.getByText('Your roles do not open this area.')).toBeVisible();
      }
    });
  }

  test('a trainee who crafts the WebSocket message for a treasurer method is refused and nothing is written', async ({
    page,
  }) => {
    await logIn(page, server.url, 'trainee');
    const answer = await page.evaluate(
      async ({ token, password }) => {
        const ws = new WebSocket(`ws://${location.host}/ws?token=${token}`);
        await new Promise((resolve) => (ws.onopen = resolve));
        let next = 1;
        const send = (method: string, input: unknown) =>
          new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => {
            const id = next++;
            ws.addEventListener('message', (m) => {
              const data = JSON.parse(String(m.data)) as { id?: number; result: { ok: boolean } };
              if (data.id === id) resolve(data.result);
            });
            ws.send(JSON.stringify({ id, method, input }));
          });
        await send('session.login', { username: 'trainee', password });
        const post = await send('treasury.journal.post', {
          date: '2026-11-24',
          memo: 'crafted',
          lines: [
            { account: '1000', debit: '1000.00' },
            { account: '3000', credit: '1000.00' },
          ],
        });
        const read = await send('treasury.journal.list', {});
        ws.close();
        return { post, read };
      },
      { token: server.token, password: PASSWORD },
    );
    expect(answer.post).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    expect(answer.read).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });

    // The treasurer's journal has no entry with that memo.
    const page2 = await page.context().newPage();
    await logIn(page2, server.url, 'treasurer');
    const memos = await page2.evaluate(async () => {
      const desk = (
        window as unknown as {
          desk: { call(m: string, i: unknown): Promise<{ ok: boolean; value: { memo: string }[] }> };
        }
      ).desk;
      const result = await desk.call('treasury.journal.list', {});
      return result.value.map((e) => e.memo);
    });
    expect(memos.length).toBeGreaterThan(0);
    expect(memos).not.toContain('crafted');
  });

  test('the language switch turns the whole shell to Spanish and is remembered after a reload', async ({
    page,
  }) => {
    await logIn(page, server.url, 'staff');
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Español' }).click();
    await expect(page.getByRole('navigation', { name: 'Áreas' })).toBeVisible();
    expect(await page.getByRole('navigation', { name: 'Áreas' }).getByRole('link').allInnerTexts()).toEqual([
      'Máquinas',
      'Trabajos',
      'Biblioteca',
      'Formación',
      'Campaña',
      'Producción',
      'Uso e impacto',
      'Personas',
      'Ajustes',
    ]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await page.screenshot({ path: join(shots, 'spanish.png') });
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Áreas' })).toBeVisible();
    await page.getByRole('group', { name: 'Idioma' }).getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('navigation', { name: 'Areas' })).toBeVisible();
  });

  test('lock the screen, unlock with the password; switch user goes to the login form', async ({ page }) => {
    await logIn(page, server.url, 'instructor');
    await page.getByRole('button', { name: 'Lock screen' }).click();
    const lock = page.getByRole('form', { name: 'Screen locked' });
    await expect(lock).toBeVisible();
    await lock.getByLabel('Password').fill('wrong password');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toContainText('Wrong username or password');
    await lock.getByLabel('Password').fill(PASSWORD);
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('navigation', { name: 'Areas' })).toBeVisible();

    await page.getByRole('button', { name: 'Lock screen' }).click();
    await page.getByRole('button', { name: 'Switch user' }).click();
    await submitLogin(page, 'trainee');
    await expect(page.getByText('Signed in as')).toBeVisible();
    expect(await navNames(page)).toEqual(expected.trainee);
  });
});
