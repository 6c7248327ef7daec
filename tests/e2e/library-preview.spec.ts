import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { logIn, openArea } from './support/login.js';
import { built, root, startServer, type DeskServer } from './support/server.js';

/**
 * The library in the real app, through the web host (the built `cp-desk serve --demo`, its parse worker and blob
 * routes), as a trainee in Chromium with SwiftShader WebGL: log in, open Library from the navigation, add a G-code
 * file and an STL, open their previews, move the layer slider and switch views, check the pixels changed and no
 * WebGL error was logged, and save screenshots in test-results/library-preview.
 */
const fixtures = join(root, 'tests', 'fixtures', 'files');
const shots = join(root, 'test-results', 'library-preview');

test.skip(!built, 'the app is not built (npm run build)');
test.use({ viewport: { width: 1280, height: 1000 } });

let server: DeskServer;

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer({ demo: true });
});

test.afterAll(async () => server.stop());

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /WebGL|GL_INVALID|THREE\.WebGLProgram/i.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The canvas pixels (the viewer keeps its drawing buffer for exactly this). */
const canvasPixels = (page: Page) =>
  page.locator('[data-testid="viewer"] canvas').evaluate((c) => (c as HTMLCanvasElement).toDataURL());

async function openLibraryAs(page: Page, username: string): Promise<void> {
  await logIn(page, server.url, username);
  await openArea(page, 'Library');
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
}

async function openPreview(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(name.replace(/\./g, '\\.')) }).click();
  await expect(page.locator('[data-testid="viewer"] canvas')).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(1500); // SwiftShader draws the first frame in software
}

test('a G-code file: added, previewed on the machine, the layer slider changes the picture, no WebGL errors', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openLibraryAs(page, 'trainee');
  await page.getByTestId('import-input').setInputFiles(join(fixtures, 'laserweb-style_jsdc-laser.gcode'));
  await expect(page.getByText('laserweb-style_jsdc-laser.gcode added.')).toBeVisible({ timeout: 20_000 });
  await openPreview(page, 'calibration-cube-20mm.gcode');
  await expect(page.getByText(/^Fits /)).toBeVisible();
  const before = await canvasPixels(page);
  await page.screenshot({ path: join(shots, 'gcode-all-layers.png') });
  await page.getByTestId('layer-slider').fill('20');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(shots, 'gcode-layer-21.png') });
  expect(await canvasPixels(page)).not.toBe(before);
  expect(errors).toEqual([]);
});

test('an STL: added, drawn on the bed, the top view changes the picture, no WebGL errors', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openLibraryAs(page, 'trainee');
  await page.getByTestId('import-input').setInputFiles(join(fixtures, '3DBenchy_cargo-box_binary.stl'));
  await expect(page.getByText('3DBenchy_cargo-box_binary.stl added.')).toBeVisible({ timeout: 20_000 });
  await openPreview(page, '3DBenchy_cargo-box_binary.stl');
  const before = await canvasPixels(page);
  await page.screenshot({ path: join(shots, 'stl-3d.png') });
  // Exact: for anyone who may operate machines the shell's e-stop bar has "E-stop · <machine>" buttons ("top").
  await page.getByRole('button', { name: 'Top', exact: true }).click();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(shots, 'stl-top.png') });
  expect(await canvasPixels(page)).not.toBe(before);
  expect(errors).toEqual([]);
});
