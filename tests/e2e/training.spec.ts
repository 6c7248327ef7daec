import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { logIn, openArea, setLanguage } from './support/login.js';
import { built, root, startServer, type DeskServer } from './support/server.js';

/**
 * Training in the real app, through the web host (the built `cp-desk serve --demo`: real store, the demo Fab
 * Academy cycle, blob routes) in Chromium: an instructor logs in, opens Training from the navigation, records a
 * session and signs Tomás off on the laser; the matrix shows it; Tomás logs in and his own page shows the
 * authorization (in Spanish, his language) with its certificate; the same trainee page in English and, after the
 * shell's language switch, in Spanish. Screenshots in test-results/training.
 */
const shots = join(root, 'test-results', 'training');

test.skip(!built, 'the app is not built (npm run build)');
test.use({ viewport: { width: 1280, height: 1000 } });
test.describe.configure({ mode: 'serial' });

let server: DeskServer;

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer({ demo: true });
});

test.afterAll(async () => server.stop());

test('an instructor records a session, takes attendance and signs Tomás off; the matrix shows it', async ({
  page,
}) => {
  await logIn(page, server.url, 'instructor');
  await openArea(page, 'Training');
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
  const confirm = card.getByRole('form', { name: 'Sign off Tomás Ortega for Laser cutter?' });
  await confirm.getByLabel('Assessment note (optional)').fill('Vented and focused correctly');
  await confirm.getByRole('button', { name: 'Confirm sign-off' }).click();
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
  // Tomás's language is Spanish: the desk opens in Spanish at login, and stays so.
  await logIn(page, server.url, 'trainee3', { language: 'own' });
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
  await openArea(page, 'Formación');
  await expect(page.getByRole('heading', { name: 'Mi formación' })).toBeVisible();
  await expect(page.getByText('0 de 8 módulos aceptados')).toBeVisible();
  const laser = page.locator('li[data-code="LASER-1"]');
  await expect(laser).toContainText('Laser cutter');
  await expect(laser).toContainText('Vigente');
  // The laser lapses after 180 days without use, sooner than its 365-day validity.
  await expect(laser).toContainText(/Vence en 18[01] días/);
  await expect(page.locator('li[data-code="FFF-1"]')).toContainText('Revocada');
  const href = await laser
    .getByRole('link', { name: 'Certificado (PDF) de «Laser cutter»' })
    .getAttribute('href');
  const pdf = await page.request.get(new URL(href ?? '', server.url).href);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await page.screenshot({ path: join(shots, '3-trainee-es.png'), fullPage: true });
});

test('the same trainee page in English and in Spanish', async ({ page }) => {
  await logIn(page, server.url, 'trainee', { language: 'en' });
  await openArea(page, 'Training');
  await expect(page.getByRole('heading', { name: 'My training' })).toBeVisible();
  await expect(page.getByText('5 of 8 modules accepted')).toBeVisible();
  await expect(page.locator('li[data-code="LASER-1"]')).toContainText('Active');
  await expect(page.getByRole('heading', { name: 'Upcoming sessions' })).toBeVisible();
  await page.screenshot({ path: join(shots, '4-trainee-en.png'), fullPage: true });

  // The shell's language switch turns the page Spanish in place.
  await setLanguage(page, 'es');
  await expect(page.getByRole('heading', { name: 'Mi formación' })).toBeVisible();
  await expect(page.getByText('5 de 8 módulos aceptados')).toBeVisible();
  await expect(page.locator('li[data-code="LASER-1"]')).toContainText('Vigente');
  await expect(page.getByRole('heading', { name: 'Próximas sesiones' })).toBeVisible();
  await page.screenshot({ path: join(shots, '5-trainee-es.png'), fullPage: true });
});
