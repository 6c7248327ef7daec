import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetResponse, resolveAsset } from '../../../main/electron/assets.js';
import { CONTENT_SECURITY_POLICY } from '../../../main/host/web.js';
import { tempDir } from '../../helpers/temp-dir.js';

/**
 * The app:// protocol handler's file side (main/electron/assets.ts, called by protocol.ts for every path that is
 * not /upload or /blob/), over real files: a built renderer folder with a secret beside it that no URL may reach.
 */

const area = tempDir('cp-desk-assets-');
const renderer = join(area.path, 'renderer');

beforeAll(() => {
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Desk</title>');
  writeFileSync(join(renderer, 'assets', 'app-1a2b.js'), 'console.log("desk")');
  writeFileSync(join(renderer, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(renderer, '.env'), 'SECRET=1');
  // Beside the renderer: what an escape would reach.
  writeFileSync(join(area.path, 'secret.txt'), 'the books');
  mkdirSync(join(area.path, 'etc'));
  writeFileSync(join(area.path, 'etc', 'passwd'), 'root:x:0:0');
  symlinkSync(join(area.path, 'secret.txt'), join(renderer, 'assets', 'link.txt'));
  symlinkSync(area.path, join(renderer, 'up'));
});
afterAll(() => area.remove());

const HOSTILE = [
  'app://desk/../../etc/passwd',
  'app://desk/../secret.txt',
  'app://desk/%2e%2e/secret.txt',
  'app://desk/%2E%2E/%2E%2E/etc/passwd',
  'app://desk/..%2fsecret.txt',
  'app://desk/%2e%2e%2fsecret.txt',
  'app://desk/assets/..%2f..%2fsecret.txt',
  'app://desk/assets%2f..%2f..%2fsecret.txt',
  'app://desk/assets/%2e%2e/%2e%2e/secret.txt',
  'app://desk/%2fetc%2fpasswd',
  'app://desk//etc/passwd',
  `app://desk/${encodeURIComponent(join(area.path, 'secret.txt'))}`,
  `app://desk/${join(area.path, 'secret.txt')}`,
  'app://desk/C:/Windows/win.ini',
  'app://desk/C:%5CWindows%5Cwin.ini',
  'app://desk/\\\\server\\share\\secret.txt',
  'app://desk/%5c%5cserver%5cshare%5csecret.txt',
  'app://desk/..\\secret.txt',
  'app://desk/assets%5c..%5c..%5csecret.txt',
  'app://desk/index.html%00.png',
  'app://desk/%00',
  'app://desk/assets/app-1a2b.js%00',
  'app://desk/%E0%A4%A',
  'app://desk/.env',
  'app://desk/assets',
  'app://desk/assets/',
  'app://desk/assets/link.txt',
  'app://desk/up/secret.txt',
  'app://desk/missing.js',
  'app://evil/index.html',
  'app://desk.evil/index.html',
  'file:///etc/passwd',
];

describe('the app:// file handler', () => {
  for (const url of HOSTILE) {
    it(`answers 404 to ${url}`, async () => {
      const response = await assetResponse(renderer, url);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('not found');
    });
  }

  it('serves the page and its assets with the Content-Security-Policy', async () => {
    const page = await assetResponse(renderer, 'app://desk/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('<!doctype html><title>Desk</title>');

    const script = await assetResponse(renderer, 'app://desk/assets/app-1a2b.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log("desk")');

    // A route in the hash never reaches the handler as a path.
    const routed = await assetResponse(renderer, 'app://desk/#/machines');
    expect(routed.status).toBe(200);
    const image = await assetResponse(renderer, 'app://desk/assets/logo.svg', 'HEAD');
    expect([image.status, image.headers.get('content-type'), await image.text()]).toEqual([
      200,
      'image/svg+xml',
      '',
    ]);
  });

  it('is read only', async () => {
    expect((await assetResponse(renderer, 'app://desk/index.html', 'PUT')).status).toBe(405);
  });

  it('resolves names inside the renderer folder and nothing else', () => {
    expect(resolveAsset(renderer, '/index.html')).toBe(join(renderer, 'index.html'));
    expect(resolveAsset(renderer, '/assets/app-1a2b.js')).toBe(join(renderer, 'assets', 'app-1a2b.js'));
    expect(resolveAsset(renderer, '/../secret.txt')).toBeNull();
    expect(resolveAsset(renderer, 'index.html')).toBeNull();
  });
});
