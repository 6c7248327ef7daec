import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { logIn, openArea } from './support/login.js';
import { built, root, startServer, type DeskServer } from './support/server.js';

/**
 * Issue 6's must-hold through the built web host in Chromium: staff queue a job on the simulated printer, start it
 * (with a recorded override: demo staff hold no printer training), watch its progress reach 100 %, and find it in the
 * history with its duration and material.
 */
const shots = join(root, 'test-results', 'jobs');

test.skip(!built, 'the app is not built (npm run build)');
test.describe.configure({ mode: 'serial' });

let server: DeskServer;
test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer({ demo: true });
});
test.afterAll(async () => server.stop());

test('staff queue a job on the simulated printer, start it, watch it reach 100 %, and find it in the history', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await logIn(page, server.url, 'staff');
  await openArea(page, 'Jobs');

  await page.getByRole('button', { name: 'Request a job' }).click();
  const form = page.getByRole('form', { name: 'Request a job' });
  await form.getByLabel('Title').fill('Face shield frames for the clinic');
  await form.getByLabel('Files').selectOption({ label: 'mask-frame.gcode' });
  await form.getByLabel('Machine').selectOption({ label: 'Practice printer (simulated Marlin)' });
  const pla = form.getByLabel('Material').locator('option', { hasText: 'PLA' }).first();
  await form.getByLabel('Material').selectOption({ label: (await pla.textContent()) ?? '' });
  await expect(form.getByLabel('Approve and queue now')).toBeChecked();
  await page.screenshot({ path: join(shots, 'request.png') });
  await form.getByRole('button', { name: 'Send request' }).click();

  const job = page.getByRole('article', { name: /^Job \d+/ });
  await expect(job).toBeVisible();
  await expect(job.getByRole('heading', { level: 2 })).toContainText('Queued');
  const name = (await job.getAttribute('aria-label')) ?? '';
  const number = /Job (\d+)/.exec(name)?.[1] ?? '';
  expect(number).not.toBe('');

  const start = job.getByRole('form', { name: 'Start' });
  await start
    .getByLabel('Staff override reason')
    .fill('Practice run on the simulator; printer sign-off pending');
  await start.getByRole('button', { name: 'Start copy 1 of 1' }).click();

  const progress = job.getByRole('progressbar', { name: 'Progress' });
  await expect(job.getByRole('heading', { level: 2 })).toContainText(/Running|Done/);
  await page.screenshot({ path: join(shots, 'running.png') });
  await expect(progress).toHaveAttribute('value', '100', { timeout: 90_000 });
  await expect(job.getByRole('heading', { level: 2 })).toContainText('Done', { timeout: 30_000 });
  await expect(job.getByText('100 %')).toBeVisible();
  await page.screenshot({ path: join(shots, 'done.png') });

  await page.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('table', { name: 'History' });
  const row = history
    .getByRole('row')
    .filter({ hasText: `Job ${number}: Face shield frames for the clinic` });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Finished');
  await expect(row).toContainText(/\d+ (s|min)/); // duration
  await expect(row).toContainText(/\d+(\.\d+)? g/); // material used
  await page.screenshot({ path: join(shots, 'history.png') });
});
