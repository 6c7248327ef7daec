import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createHost, type Host } from '../../main/host/create-host.js';
import { startWebHost, type WebHost } from '../../main/host/web.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Through the web host, as a trainee: add a G-code file and an STL from the demo-free library, open each preview,
 * move the layer slider, and check that the pixels changed and no WebGL error was logged. Needs `npm run build`.
 */
const rendererDir = join(process.cwd(), 'dist', 'renderer');
const fixtures = join(process.cwd(), 'tests', 'fixtures', 'files');
const shots = join(process.cwd(), 'test-results', 'library-preview');

let host: Host;
let web: WebHost;
let dir: ReturnType<typeof tempDir>;

test.skip(!existsSync(join(rendererDir, 'index.html')), 'the renderer is not built (npm run build)');

test.beforeAll(async () => {
  dir = tempDir('cp-desk-e2e-');
  host = createHost({ dataDir: dir.path, kind: 'web', demo: true, timers: false });
  web = await startWebHost({ host, rendererDir, port: 0 });
  mkdirSync(shots, { recursive: true });
});

test.afterAll(async () => {
  await web.close();
  await host.close();
  dir.remove();
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /WebGL|GL_INVALID|THREE\.WebGLProgram/i.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(web.url);
  await page.getByLabel(/user ?name/i).fill(username);
  await page.getByLabel(/password/i).fill('demo-pass-2026');
  await page.getByRole('button', { name: /log ?in|sign in/i }).click();
  await page.getByRole('link', { name: /library/i }).click();
}

/** The canvas pixels as a data URL (the viewer keeps its drawing buffer for exactly this). */
const canvasPixels = (page: Page) =>
  page.locator('[data-testid="viewer"] canvas').evaluate((c) => (c as HTMLCanvasElement).toDataURL());

test('a G-code file: preview, layer slider changes the picture, no WebGL errors', async ({ page }) => {
  const errors = watchErrors(page);
  await logIn(page, 'trainee');
  await page.getByTestId('import-input').setInputFiles(join(fixtures, 'laserweb-style_jsdc-laser.gcode'));
  await expect(page.getByText('laserweb-style_jsdc-laser.gcode added.')).toBeVisible();
  await page.getByRole('button', { name: /calibration-cube-20mm\.gcode/ }).click();
  await expect(page.locator('[data-testid="viewer"] canvas')).toBeVisible({ timeout: 20_000 });
  await page.waitForTimeout(1500);
  const before = await canvasPixels(page);
  await page.screenshot({ path: join(shots, 'gcode-all-layers.png') });
  await page.getByTestId('layer-slider').fill('20');
  await page.waitForTimeout(1500);
  const after = await canvasPixels(page);
  await page.screenshot({ path: join(shots, 'gcode-layer-21.png') });
  expect(after).not.toBe(before);
  expect(errors).toEqual([]);
});

test('an STL: preview on the bed, no WebGL errors', async ({ page }) => {
  const errors = watchErrors(page);
  await logIn(page, 'trainee');
  await page.getByTestId('import-input').setInputFiles(join(fixtures, '3DBenchy_cargo-box_binary.stl'));
  await expect(page.getByText('3DBenchy_cargo-box_binary.stl added.')).toBeVisible();
  await page.getByRole('button', { name: /3DBenchy_cargo-box_binary\.stl/ }).click();
  await expect(page.locator('[data-testid="viewer"] canvas')).toBeVisible({ timeout: 20_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(shots, 'stl.png') });
  const before = await canvasPixels(page);
  await page.getByRole('button', { name: 'Top' }).click();
  await page.waitForTimeout(1000);
  expect(await canvasPixels(page)).not.toBe(before);
  expect(errors).toEqual([]);
});
