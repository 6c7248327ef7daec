import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { areasNav, logIn } from './support/login.js';
import { built, root, startServer, type DeskServer } from './support/server.js';

/**
 * Issue 18's accessibility must-hold: axe-core (WCAG 2 A and AA rules) over every area and every tab of it, for each
 * of the five demo roles, in Spanish at 1366×768, with no serious and no critical violation. Each finding names the
 * role, area, tab, rule and the elements, so a failure says where to look.
 */
const shots = join(root, 'test-results', 'accessibility');

test.skip(!built, 'the app is not built (npm run build)');
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1366, height: 768 } });

let server: DeskServer;
test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer({ demo: true });
});
test.afterAll(async () => server.stop());

interface Finding {
  where: string;
  rule: string;
  impact: string;
  targets: string[];
}

async function audit(page: Page, where: string): Promise<Finding[]> {
  // Let the screen settle: its queries answered, nothing still loading.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await expect(page.locator('.loading')).toHaveCount(0, { timeout: 10_000 });
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const axe = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      where,
      rule: v.id,
      impact: v.impact ?? '',
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  // Not an axe rule: a control repeated per row must say which row ("Void gift 39", not "Void" three times).
  const repeated = await page.evaluate(() => {
    const names = new Map<string, number>();
    for (const el of document.querySelectorAll('main button, main a[href], main [role="button"]')) {
      if ((el as HTMLElement).offsetParent === null) continue;
      const labelled = el.getAttribute('aria-labelledby');
      const name = (
        el.getAttribute('aria-label') ??
        (labelled === null ? null : document.getElementById(labelled)?.textContent) ??
        el.textContent
      ).trim();
      names.set(name, (names.get(name) ?? 0) + 1);
    }
    return [...names].filter(([, n]) => n >= 3).map(([name, n]) => `"${name}" ×${n}`);
  });
  return repeated.length === 0
    ? axe
    : [...axe, { where, rule: 'repeated-accessible-name', impact: 'serious', targets: repeated }];
}

/** Every area in the navigation, and inside each every tab (the tab bars are navigation landmarks in main). */
async function walk(page: Page, role: string): Promise<{ findings: Finding[]; screens: number }> {
  const findings: Finding[] = [];
  let screens = 0;
  const areas = await areasNav(page).getByRole('link').allInnerTexts();
  for (const area of areas) {
    await areasNav(page).getByRole('link', { name: area, exact: true }).click();
    findings.push(...(await audit(page, `${role} › ${area}`)));
    screens += 1;
    const tabBars = page.locator('main nav');
    const bars = await tabBars.count();
    for (let b = 0; b < bars; b += 1) {
      const tabs = tabBars.nth(b).locator('button[aria-pressed]');
      const names = await tabs.allInnerTexts();
      for (const [i, name] of names.entries()) {
        if (i === 0 && (await tabs.nth(0).getAttribute('aria-pressed')) === 'true') continue; // already audited
        await tabs.nth(i).click();
        findings.push(...(await audit(page, `${role} › ${area} › ${name}`)));
        screens += 1;
      }
    }
    // One machine's own page (live view, console, maintenance): the first one listed.
    const open = page.getByRole('button', { name: /^Abrir / });
    if (area === 'Máquinas' && (await open.count()) > 0) {
      await open.first().click();
      findings.push(
        ...(await audit(page, `${role} › ${area} › ${await page.locator('main h2').first().innerText()}`)),
      );
      screens += 1;
    }
  }
  return { findings, screens };
}

for (const role of ['admin', 'staff', 'instructor', 'trainee', 'treasurer']) {
  test(`axe: no serious or critical violation on any screen of ${role}, in Spanish`, async ({ page }) => {
    test.setTimeout(300_000);
    await logIn(page, server.url, role, { language: 'es' });
    const { findings, screens } = await walk(page, role);
    expect(screens).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(shots, `${role}.png`) });
    expect(findings).toEqual([]);
  });
}
