import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Through the web host (the built `cp-desk serve --demo`, its parse worker and blob routes), as a trainee in
 * Chromium with SwiftShader WebGL: add a G-code file and an STL, open their previews, move the layer slider and
 * switch views, check the pixels changed and no WebGL error was logged, and save screenshots.
 * The page is a stand-in shell (library-harness/) until the app shell routes the library; needs `npm run build`.
 */
const root = process.cwd();
const cli = join(root, 'dist', 'main', 'cli.js');
const fixtures = join(root, 'tests', 'fixtures', 'files');
const shots = join(root, 'test-results', 'library-preview');
const harnessOut = join(root, 'test-results', 'library-harness');

test.skip(!existsSync(cli), 'main is not built (npm run build)');
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
    ],
  },
  viewport: { width: 1100, height: 1000 },
});

let server: ChildProcess;
let url: string;
let data: ReturnType<typeof tempDir>;

test.beforeAll(async () => {
  await build({
    configFile: false,
    root: join(root, 'tests', 'e2e', 'library-harness'),
    base: './',
    plugins: [react()],
    logLevel: 'warn',
    build: { outDir: harnessOut, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  });
  mkdirSync(shots, { recursive: true });
  data = tempDir('cp-desk-e2e-library-');
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
  server.kill();
  data.remove();
});

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

async function openPreview(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(name.replace(/\./g, '\\.')) }).click();
  await expect(page.locator('[data-testid="viewer"] canvas')).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(1500); // SwiftShader draws the first frame in software
}

test('a G-code file: added, previewed on the machine, the layer slider changes the picture, no WebGL errors', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto(`${url}&user=trainee`);
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
  await page.goto(`${url}&user=trainee`);
  await page.getByTestId('import-input').setInputFiles(join(fixtures, '3DBenchy_cargo-box_binary.stl'));
  await expect(page.getByText('3DBenchy_cargo-box_binary.stl added.')).toBeVisible({ timeout: 20_000 });
  await openPreview(page, '3DBenchy_cargo-box_binary.stl');
  const before = await canvasPixels(page);
  await page.screenshot({ path: join(shots, 'stl-3d.png') });
  await page.getByRole('button', { name: 'Top' }).click();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(shots, 'stl-top.png') });
  expect(await canvasPixels(page)).not.toBe(before);
  expect(errors).toEqual([]);
});
