import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { logIn, openArea } from './support/login.js';
import { built, root, startServer, type DeskServer } from './support/server.js';

/**
 * Issue 3's UI (item 5) through the built web host in Chromium, on the demo's two simulated machines: staff connect
 * the Grbl router, see it Idle with its position, home / unlock it when asked, jog it and see the position move, ask
 * `$I` in the console and read the answer, run the practice program and watch progress and time left, press the
 * always-visible EMERGENCY STOP and read why the machine stopped; then connect the Marlin printer and see its
 * temperatures on the readout and the live chart.
 */
const shots = join(root, 'test-results', 'machines');
const router = 'Practice router (simulated Grbl)';
const printer = 'Practice printer (simulated Marlin)';

test.skip(!built, 'the app is not built (npm run build)');
test.describe.configure({ mode: 'serial' });

let server: DeskServer;
test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer({ demo: true });
});
test.afterAll(async () => server.stop());

/** Opens one machine's page from the dashboard and returns it. */
async function openMachine(page: Page, name: string): Promise<Locator> {
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, level: 2 }) });
  await card.getByRole('button', { name: 'Open' }).click();
  const machine = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name, level: 2, exact: true }) });
  await expect(machine).toBeVisible();
  return machine;
}

/** The state (with sub-state) the status summary shows. */
function stateOf(machine: Locator): Locator {
  return machine.getByText(/^Connected · State:/).locator('strong');
}

/** The position line of the status summary, as three numbers. */
async function positionOf(machine: Locator): Promise<{ x: number; y: number; z: number }> {
  const text = (await machine.getByText(/^Position \(work\):/).textContent()) ?? '';
  const m = /X (-?\d+\.\d+) Y (-?\d+\.\d+) Z (-?\d+\.\d+)/.exec(text);
  if (m === null) throw new Error(`no position in "${text}"`);
  return { x: Number(m[1]), y: Number(m[2]), z: Number(m[3]) };
}

test('staff connect the simulated Grbl router, home, jog, use the console, run a job and stop it with the e-stop', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await logIn(page, server.url, 'staff');
  await openArea(page, 'Machines');
  await expect(page.getByRole('heading', { name: 'Machines', level: 1 })).toBeVisible();
  // Nothing connected yet: no emergency-stop bar to show.
  await expect(page.getByRole('region', { name: 'EMERGENCY STOP' })).toHaveCount(0);
  await page.screenshot({ path: join(shots, '1-dashboard.png') });

  const machine = await openMachine(page, router);
  await expect(machine.getByText('Not connected')).toBeVisible();
  await machine.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(machine.getByText(/^Connected · State:/)).toBeVisible();
  await expect(stateOf(machine)).toHaveText(/^(Idle|Alarm)/);
  await expect(
    machine.getByText(/^Position \(work\): X -?\d+\.\d{3} Y -?\d+\.\d{3} Z -?\d+\.\d{3}$/),
  ).toBeVisible();

  // The e-stop is on screen as soon as a machine is connected.
  const estopBar = page.getByRole('region', { name: 'EMERGENCY STOP' });
  await expect(estopBar.getByRole('button', { name: `EMERGENCY STOP · ${router}` })).toBeVisible();

  // Home it (and unlock, should the controller still hold an alarm), then it is Idle.
  const jog = machine.getByRole('region', { name: 'Jog' });
  await jog.getByRole('button', { name: 'Home', exact: true }).click();
  await expect(stateOf(machine)).toHaveText(/^(Idle|Alarm)/, { timeout: 10_000 });
  if (((await stateOf(machine).textContent()) ?? '').startsWith('Alarm')) {
    await jog.getByRole('button', { name: 'Unlock' }).click();
  }
  await expect(stateOf(machine)).toHaveText('Idle', { timeout: 10_000 });
  await page.screenshot({ path: join(shots, '2-router-idle.png') });

  // Jog X+ by 10 mm and Y− by 1 mm: the position follows.
  const before = await positionOf(machine);
  await jog.getByLabel('Step (mm)').selectOption('10');
  await jog.getByRole('button', { name: 'X+' }).click();
  await expect
    .poll(async () => (await positionOf(machine)).x, { timeout: 10_000 })
    .toBeCloseTo(before.x + 10, 3);
  await jog.getByLabel('Step (mm)').selectOption('1');
  await jog.getByRole('button', { name: 'Y−' }).click();
  await expect
    .poll(async () => (await positionOf(machine)).y, { timeout: 10_000 })
    .toBeCloseTo(before.y - 1, 3);
  await expect(stateOf(machine)).toHaveText('Idle', { timeout: 10_000 });
  await page.screenshot({ path: join(shots, '3-router-jogged.png') });

  // The console: `$I` is echoed and answered with the build info.
  const console_ = machine.getByRole('region', { name: 'Console' });
  await console_.getByLabel('Command').fill('$I');
  await console_.getByLabel('Command').press('Enter');
  const lines = console_.locator('pre');
  await expect(lines).toContainText('> $I');
  await expect(lines).toContainText(/\[VER:1\.1/);
  await expect(lines).toContainText(/\[OPT:/);
  // History: the arrow key recalls the command; the filter narrows the lines.
  await console_.getByLabel('Command').press('ArrowUp');
  await expect(console_.getByLabel('Command')).toHaveValue('$I');
  await console_.getByLabel('Command').fill('');
  await console_.getByLabel('Filter').fill('OPT:');
  await expect(lines).toContainText('[OPT:');
  await expect(lines).not.toContainText('> $I');
  await console_.getByLabel('Filter').fill('');
  await page.screenshot({ path: join(shots, '4-router-console.png') });

  // A job: the practice program runs, with progress and time left.
  await machine.getByRole('button', { name: 'Run practice program' }).click();
  const job = machine.getByRole('region', { name: 'Job', exact: true });
  await expect(job.getByRole('heading', { level: 3 })).toContainText('Running');
  await expect(stateOf(machine)).toHaveText(/^Run/);
  await expect
    .poll(async () => Number(await job.locator('progress').getAttribute('value')), { timeout: 30_000 })
    .toBeGreaterThan(0);
  // Time left shows once there is a byte rate to go on (after the first second).
  // Issue 18: percent done, elapsed time and time left, each with its units ("1 h 21 min", never "1:21").
  await expect(
    job.getByText(/Line \d+ · \d+ % done · Elapsed .+ · Time left (\d+ h \d+ min|\d+ min \d+ s|\d+ s)$/),
  ).toBeVisible();
  // Jogging is hidden while a job streams; pause and stop stay.
  await expect(jog.getByRole('button', { name: 'X+' })).toHaveCount(0);
  await expect(job.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.screenshot({ path: join(shots, '5-router-running.png') });

  // EMERGENCY STOP: no question asked; the job stops, the machine shows an alarm and says what to do.
  await estopBar.getByRole('button', { name: `EMERGENCY STOP · ${router}` }).click();
  await expect(job.getByRole('heading', { level: 3 })).toContainText(/Stopped|Failed|Interrupted/);
  await expect(stateOf(machine)).toHaveText(/^Alarm/);
  const alarm = machine.locator('.machines-alarm');
  await expect(alarm).toBeVisible();
  await expect(alarm).toContainText(/Alarm \d+: \S+/);
  await expect(alarm).toContainText('Home the machine if its position may be lost');
  await expect(machine.getByRole('region', { name: 'Console' }).locator('pre')).toContainText(
    '# Emergency stop.',
  );
  await page.screenshot({ path: join(shots, '6-router-estop.png') });

  // Recover: home, and the machine is Idle again.
  await jog.getByRole('button', { name: 'Home', exact: true }).click();
  await expect(stateOf(machine)).toHaveText('Idle', { timeout: 10_000 });
  await expect(machine.locator('.machines-alarm')).toHaveCount(0);
});

test('staff connect the simulated Marlin printer and see its temperatures on the readout and the live chart', async ({
  page,
}) => {
  await logIn(page, server.url, 'staff');
  await openArea(page, 'Machines');
  const machine = await openMachine(page, printer);
  await machine.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(machine.getByText(/^Connected · State:/)).toBeVisible();

  const readout = machine.getByText(/^Temperatures:/);
  await expect(readout).toBeVisible({ timeout: 15_000 });
  // Each heater by its name, never Marlin's bare "T".
  await expect(readout).toContainText(/Hotend \d+\.\d°/);
  await expect(readout).not.toContainText(/\bT\d? \d/);
  // Unheated, both read room temperature (the simulator's 21 °C).
  await expect(readout).toContainText(/Hotend 21\.0°/);
  await expect(readout).toContainText(/Bed 21\.0°/);

  // Heat the hotend: its target appears next to the reading and the reading climbs.
  const heaters = machine.getByRole('region', { name: 'Temperatures' });
  await heaters.getByLabel('Hotend').fill('200');
  await heaters.getByRole('button', { name: 'Set' }).first().click();
  await expect(readout).toContainText('/ 200°', { timeout: 15_000 });
  const hotend = async () => Number(/Hotend (\d+\.\d)°/.exec((await readout.textContent()) ?? '')?.[1] ?? 0);
  const start = await hotend();
  await expect.poll(hotend, { timeout: 30_000 }).toBeGreaterThan(start + 5);

  // The live chart draws the heaters (uPlot: a canvas and a legend with the series).
  const chart = machine.getByRole('region', { name: 'Live' });
  await expect(chart.getByRole('heading', { name: 'Temperatures (°C)' })).toBeVisible();
  await expect(chart.locator('canvas')).toBeVisible();
  await expect(chart.locator('.u-legend')).toContainText('Bed');
  await page.screenshot({ path: join(shots, '7-printer-temperatures.png') });
  await chart.scrollIntoViewIfNeeded();
  await chart.screenshot({ path: join(shots, '8-printer-chart.png') });

  // Both connected machines have their own e-stop in the bar.
  const estopBar = page.getByRole('region', { name: 'EMERGENCY STOP' });
  await expect(estopBar.getByRole('button', { name: `EMERGENCY STOP · ${printer}` })).toBeVisible();
  await expect(estopBar.getByRole('button', { name: `EMERGENCY STOP · ${router}` })).toBeVisible();
});
