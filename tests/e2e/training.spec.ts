import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Through the web host (the built `cp-desk serve --demo`: real store, the demo Fab Academy cycle, blob routes) in
 * Chromium: an instructor records a session and signs Tomás off on the laser; the matrix shows it; Tomás's own page
 * shows the authorization (in Spanish, his language) with its certificate; the same page in English and Spanish.
 * The page is a stand-in shell (training-harness/) until the app shell routes training.
 */
const root = process.cwd();
const cli = join(root, 'dist', 'main', 'cli.js');
const shots = join(root, 'test-results', 'training');
const harnessOut = join(root, 'test-results', 'training-harness');

test.skip(!existsSync(cli), 'main is not built (npm run build)');
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking'],
  },
  viewport: { width: 1200, height: 1000 },
});
test.describe.configure({ mode: 'serial' });

let server: ChildProcess;
let url: string;
let data: ReturnType<typeof tempDir>;

test.beforeAll(async () => {
  await build({
    configFile: false,
    root: join(root, 'tests', 'e2e', 'training-harness'),
    base: './',
    plugins: [react()],
    logLevel: 'warn',
    build: { outDir: harnessOut, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  });
  mkdirSync(shots, { recursive: true });
  data = tempDir('cp-desk-e2e-training-');
  server = spawn(process.execPath, [cli, 'serve', '--demo', '--port', '0', '--data', data.path], {
    env: { ...process.env, CP_DESK_RENDERER: harnessOut },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The first line is the address (cli/serve.ts).
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`cp-desk serve exited with ${String(code)}`)));
  });
  url = /https?:\/\/\S+/.exec(first)![0];
});

test.afterAll(() => {
  // Exactly the process this spec started.
  server.kill();
  data.remove();
});

test('an instructor records a session, takes attendance and signs Tomás off; the matrix shows it', async ({
  page,
}) => {
  await page.goto(`${url}&user=instructor`);
  await page.getByRole('button', { name: 'Instructor desk' }).click();
  const form = page.getByRole('form', { name: 'Record a session' });
  await form.getByLabel('Training').selectOption({ label: 'Laser cutter' });
  await form.getByLabel('Place').fill('Back room');
  await form.getByLabel('Capacity').fill('4');
  // The form starts the session at the top of this hour, so attendance can be taken right away.
  await form.getByRole('button', { name: 'Schedule' }).click();

  const card = page.getByRole('listitem').filter({ hasText: 'Back room' });
  await expect(card.getByText('Scheduled')).toBeVisible();
  await card.getByLabel('Add a person').selectOption({ label: 'Tomás Ortega' });
  await card.getByRole('button', { name: '+' }).click();
  await card.getByRole('button', { name: 'Save attendance' }).click();
  await expect(card.getByText('Held')).toBeVisible();
  await card.getByRole('button', { name: 'Sign off: Tomás Ortega' }).click();
  await expect(card.getByText('Signed off')).toBeVisible();
  await page.screenshot({ path: join(shots, '1-instructor-desk.png'), fullPage: true });

  await page.getByRole('button', { name: 'Training matrix' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: 'Tomás Ortega' }) });
  await expect(row.locator('td[data-training="LASER-1"]')).toHaveText('Active');
  await expect(row.locator('td[data-training="FFF-1"]')).toHaveText('Revoked');
  const luis = page.getByRole('row').filter({ has: page.getByRole('button', { name: 'Luis Hernández' }) });
  await expect(luis.locator('td[data-training="CNC-1"]')).toHaveText('Expiring soon');
  await page.screenshot({ path: join(shots, '2-matrix.png'), fullPage: true });
});

test("Tomás's own page shows the authorization in Spanish, with its certificate", async ({ page }) => {
  await page.goto(`${url}&user=trainee3`);
  await expect(page.getByRole('heading', { name: 'Mi formación' })).toBeVisible();
  await expect(page.getByText('0 de 8 módulos aceptados')).toBeVisible();
  const laser = page.locator('li[data-code="LASER-1"]');
  await expect(laser).toContainText('Laser cutter');
  await expect(laser).toContainText('Vigente');
  // The laser lapses after 180 days without use, sooner than its 365-day validity.
  await expect(laser).toContainText(/Vence en 18[01] días/);
  await expect(page.locator('li[data-code="FFF-1"]')).toContainText('Revocada');
  const href = await laser.getByRole('link', { name: 'Certificado (PDF)' }).getAttribute('href');
  const pdf = await page.request.get(new URL(href ?? '', url).href);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await page.screenshot({ path: join(shots, '3-trainee-es.png'), fullPage: true });
});

test('the same trainee page in English and in Spanish', async ({ page }) => {
  await page.goto(`${url}&user=trainee&lang=en`);
  await expect(page.getByRole('heading', { name: 'My training' })).toBeVisible();
  await expect(page.getByText('5 of 8 modules accepted')).toBeVisible();
  await expect(page.locator('li[data-code="LASER-1"]')).toContainText('Active');
  await expect(page.getByRole('heading', { name: 'Upcoming sessions' })).toBeVisible();
  await page.screenshot({ path: join(shots, '4-trainee-en.png'), fullPage: true });

  await page.goto(`${url}&user=trainee&lang=es`);
  await expect(page.getByRole('heading', { name: 'Mi formación' })).toBeVisible();
  await expect(page.getByText('5 de 8 módulos aceptados')).toBeVisible();
  await expect(page.locator('li[data-code="LASER-1"]')).toContainText('Vigente');
  await expect(page.getByRole('heading', { name: 'Próximas sesiones' })).toBeVisible();
  await page.screenshot({ path: join(shots, '5-trainee-es.png'), fullPage: true });
});
