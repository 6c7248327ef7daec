import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createHost, type Host } from '../../main/host/create-host.js';
import { startWebHost, type WebHost } from '../../main/host/web.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Through the web host over the demo books, as the treasurer: a share purchase (certificate), a capital gift
 * (acknowledgment PDF) and a PRI (schedule, then the money), watching the thermometer and the trial balance move;
 * then a trainee, who finds no way in. Needs `npm run build`.
 */
const rendererDir = join(process.cwd(), 'dist', 'renderer');
const shots = join(process.cwd(), 'test-results', 'treasury');

let host: Host;
let web: WebHost;
let dir: ReturnType<typeof tempDir>;

test.skip(!existsSync(join(rendererDir, 'index.html')), 'the renderer is not built (npm run build)');

test.beforeAll(async () => {
  dir = tempDir('cp-desk-e2e-treasury-');
  host = createHost({ dataDir: dir.path, kind: 'web', demo: true, timers: false });
  web = await startWebHost({ host, rendererDir, port: 0 });
  mkdirSync(shots, { recursive: true });
});

test.afterAll(async () => {
  await web.close();
  await host.close();
  dir.remove();
});

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(web.url);
  await page.getByLabel(/user ?name/i).fill(username);
  await page.getByLabel(/password/i).fill('demo-pass-2026');
  await page.getByRole('button', { name: /log ?in|sign in/i }).click();
}

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

async function campaignTotal(page: Page): Promise<string> {
  await tab(page, 'Campaign');
  return (await page.getByTestId('campaign-total').textContent()) ?? '';
}

async function trialBalanceTotal(page: Page): Promise<string> {
  await tab(page, 'Reports');
  return (await page.getByTestId('report-trial-balance').locator('tfoot').textContent()) ?? '';
}

async function receive(
  page: Page,
  amount: string,
  from: string,
  kind: 'Share purchase' | 'Gift' | 'Loan or PRI',
): Promise<void> {
  await tab(page, 'Record money');
  await page.getByLabel('Amount (dollars and cents)').fill(amount);
  await page.getByLabel('From').selectOption({ label: from });
  await page.getByRole('radio', { name: kind }).check();
}

test('the treasurer records a share, a capital gift and a PRI, and the books move', async ({ page }) => {
  await logIn(page, 'treasurer');
  await page.getByRole('link', { name: /treasury/i }).click();
  const totalBefore = await campaignTotal(page);
  const balanceBefore = await trialBalanceTotal(page);

  // A share purchase: a demo community member buys a second share; a certificate appears.
  await receive(page, '1,000.00', 'Imani Carter', 'Share purchase');
  await page.getByLabel('Member').selectOption({ index: 1 });
  await page.getByLabel('I have read what recording it as a Share purchase means.').check();
  await page.getByRole('button', { name: 'Record $1,000.00 as a Share purchase' }).click();
  await expect(page.getByTestId('receive-result')).toContainText(/Certificate \d+ issued/);
  await page.screenshot({ path: join(shots, '1-share.png'), fullPage: true });

  // A capital gift from a new national supporter, acknowledged as a PDF.
  await tab(page, 'Record money');
  await page.getByRole('button', { name: 'New person or organisation' }).click();
  await page.getByPlaceholder('Name').fill('Frances Holloway');
  await page.getByRole('button', { name: 'Add' }).click();
  await page.getByLabel('Amount (dollars and cents)').fill('1000');
  await page.getByRole('radio', { name: 'Gift' }).check();
  await page.getByLabel('Fund').selectOption({ label: 'Building and equipment' });
  await page.getByLabel('Campaign tranche').selectOption({ label: 'National gifts' });
  await page.getByLabel('I have read what recording it as a Gift means.').check();
  await page.getByRole('button', { name: 'Record $1,000.00 as a Gift' }).click();
  await page.getByRole('button', { name: 'Create the acknowledgment' }).click();
  const pdfHref = await page.getByTestId('ack-pdf').getAttribute('href');
  const pdf = await page.request.get(new URL(pdfHref ?? '', web.url).href);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // A PRI: its terms and schedule first, then the money.
  await tab(page, 'Loans & PRIs');
  await page.getByRole('button', { name: 'New person or organisation' }).click();
  await page.getByPlaceholder('Name').fill('Magnolia Foundation');
  await page.getByRole('button', { name: 'Add' }).click();
  await page.getByLabel('Principal').fill('50,000');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('loan-schedule').locator('tbody tr')).toHaveCount(28);
  await expect(page.getByTestId('pri-calendar')).toContainText('Financial report');
  await page.screenshot({ path: join(shots, '2-pri.png'), fullPage: true });
  await receive(page, '50,000', 'Magnolia Foundation', 'Loan or PRI');
  await page.getByLabel('Loan').selectOption({ index: 1 });
  await page.getByLabel('I have read what recording it as a Loan or PRI means.').check();
  await page.getByRole('button', { name: 'Record $50,000.00 as a Loan or PRI' }).click();
  await expect(page.getByTestId('receive-result')).toContainText('Recorded.');

  expect(await campaignTotal(page)).not.toBe(totalBefore);
  await page.screenshot({ path: join(shots, '3-thermometer.png'), fullPage: true });
  expect(await trialBalanceTotal(page)).not.toBe(balanceBefore);
  await page.screenshot({ path: join(shots, '4-trial-balance.png'), fullPage: true });
});

test('a trainee cannot reach the treasury', async ({ page }) => {
  await logIn(page, 'trainee');
  await expect(page.getByRole('link', { name: /machines|training|library/i }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: /treasury/i })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Record money' })).toHaveCount(0);
});
