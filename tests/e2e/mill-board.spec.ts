import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { logIn, openArea } from './support/login.js';
import { built, root, startServer, type DeskServer } from './support/server.js';

/**
 * Issue 15 item 7 through the built web host in Chromium: staff add a simulated SRM-20, then from the library mill the
 * synthetic board: the PNG goes up, the preview shows the paths over the image with the 0.25 mm gap the 1/64" tool
 * cannot pass, and the job is sent to the simulated mill (a FIFO standing in for its device file).
 */
const shots = join(root, 'test-results', 'mill-board');

test.skip(!built, 'the app is not built (npm run build)');
test.use({ viewport: { width: 1366, height: 768 } });

let server: DeskServer;
test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer({ demo: true });
});
test.afterAll(async () => server.stop());

test('staff mill the synthetic board on a simulated SRM-20 from the library, seeing the DRC first', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await logIn(page, server.url, 'staff');
  const made = await page.evaluate(async () => {
    const desk = (window as unknown as { desk: { call(m: string, i: unknown): Promise<{ ok: boolean }> } })
      .desk;
    return desk.call('machines.create', {
      name: 'Practice SRM-20',
      kind: 'cnc-mill',
      firmware: 'rml',
      connection: { type: 'simulated' },
      workArea: { x: 203.2, y: 152.4, z: 60.5 },
    });
  });
  expect(made.ok).toBe(true);
  await openArea(page, 'Library');
  await page.getByRole('button', { name: 'Mill a board / Cut vinyl' }).click();
  await page
    .getByLabel('Add a PNG, an SVG or a Roland file (.rml, .camm)')
    .setInputFiles(join(root, 'tests/fixtures/pcb/synth-hello.traces.png'));
  await expect(page.getByLabel('Board image (PNG) or drawing (SVG)').locator('option:checked')).toHaveText(
    'synth-hello.traces.png',
    { timeout: 20_000 },
  );
  await expect(page.getByLabel('Machine').locator('option:checked')).toHaveText('Practice SRM-20');
  await expect(page.getByLabel('tool diameter (mm)')).toHaveValue('0.39624');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText(/gap\(s\) narrower than the tool\./)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/^Traces stay joined: gap 0\.2[4-6] mm/).first()).toBeVisible();
  const view = page.getByRole('img', { name: /Tool paths over the board/ });
  await expect(view.locator('[data-testid="toolpath-source"]')).toHaveCount(1);
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'preview.png') });
  await page.getByRole('button', { name: 'Send to Practice SRM-20' }).click();
  await expect(page.getByText(/^Sent to the machine: run \d+\./)).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: join(shots, 'sent.png') });
});
