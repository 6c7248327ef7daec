import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './support/login.js';
import { built, startServer, type DeskServer } from './support/server.js';

/**
 * Issue 18: flows done with the keyboard alone, each within a budget of key presses (Tab, Shift+Tab, Enter, Space,
 * arrows; typed text is not counted). No mouse event is sent: the page is only ever given keys.
 */
test.skip(!built, 'the app is not built (npm run build)');
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1366, height: 768 } });

let server: DeskServer;
test.beforeAll(async () => {
  server = await startServer({ demo: true });
});
test.afterAll(async () => server.stop());

/** The keyboard, counting every key that moves or acts. */
function keys(page: Page) {
  let presses = 0;
  const focusedName = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (el === null) return '';
      const labelled = el.getAttribute('aria-labelledby');
      const byLabel =
        el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement
          ? (el.labels?.[0]?.textContent ?? '')
          : '';
      return (
        el.getAttribute('aria-label') ??
        (labelled === null ? null : document.getElementById(labelled)?.textContent) ??
        (byLabel !== '' ? byLabel : el.textContent)
      ).trim();
    });
  return {
    get presses() {
      return presses;
    },
    async press(key: string) {
      presses += 1;
      await page.keyboard.press(key);
    },
    async type(text: string) {
      await page.keyboard.type(text);
    },
    /** Tab (or Shift+Tab) until the focused control's name matches; each step counts. */
    async tabTo(name: RegExp, max = 60, back = false) {
      for (let i = 0; i < max; i += 1) {
        if (name.test(await focusedName())) return;
        presses += 1;
        await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      }
      throw new Error(`no control named ${name} within ${max} Tab presses (at "${await focusedName()}")`);
    },
  };
}

async function logInByKeyboard(page: Page, k: ReturnType<typeof keys>, username: string) {
  await page.goto(server.url);
  await expect(page.getByRole('form', { name: 'Log in' })).toBeVisible();
  await k.tabTo(/^Username/);
  await k.type(username);
  await k.press('Tab');
  await k.type(DEMO_PASSWORD);
  await k.press('Enter');
  await expect(page.getByRole('navigation', { name: /^(Areas|Áreas)$/ })).toBeVisible();
}

test('log in with the keyboard in at most 4 key presses', async ({ page }) => {
  const k = keys(page);
  await logInByKeyboard(page, k, 'trainee');
  await expect(page.getByText('Signed in as Keisha Brown')).toBeVisible();
  expect(k.presses).toBeLessThanOrEqual(4);
});

test('staff run a library file on the simulated printer by keyboard alone, within 60 key presses from logging in', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const k = keys(page);
  await logInByKeyboard(page, k, 'admin');
  const afterLogin = k.presses;
  // To the Library in the areas, then the file's row, then Run now on the simulated printer.
  await k.tabTo(/^Library$/);
  await k.press('Enter');
  await expect(page.getByRole('link', { name: 'Library', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await k.tabTo(/mask-frame\.gcode/);
  await k.press('Enter');
  const queue = page.getByRole('region', { name: 'Queue / Run on…' });
  await expect(queue).toBeVisible();
  const queueKeys = k.presses - afterLogin;
  await k.tabTo(/^Run now on Practice printer/);
  await k.press('Enter');
  // The administrator holds no printer authorization: the Start form asks for the override reason. The Run now
  // button is busy (so loses the focus) and the field appears only when the check answers: the focus is put in it
  // then, with no Tab press, instead of being left on the page with the field appearing behind it.
  const start = queue.getByRole('form', { name: 'Start' });
  await expect(start.getByLabel('Staff override reason')).toBeFocused();
  const reason = 'Practice run on the simulator; sign-off pending';
  await k.type(reason);
  await expect(start.getByLabel('Staff override reason')).toHaveValue(reason);
  await expect(start.getByLabel('Staff override reason')).toBeFocused();
  await k.tabTo(/^Start copy 1 of 1$/);
  await k.press('Enter');
  await expect(queue.getByRole('progressbar', { name: 'Progress of this file' })).toBeVisible({
    timeout: 20_000,
  });
  console.log(`keyboard: file to running job in ${k.presses - afterLogin} key presses`);
  // Budgets as measured after the Library gained the kind filter, 'Mill a board / Cut vinyl' and the whole lab's
  // demo files (45 and 56 presses): a rise past them means a new stop in the way, worth a look.
  expect(queueKeys).toBeLessThanOrEqual(48);
  expect(k.presses - afterLogin).toBeLessThanOrEqual(60);
});

test('the treasurer records a share payment by keyboard alone, within 30 key presses from logging in', async ({
  page,
}) => {
  const k = keys(page);
  // The treasurer lands on the Treasury's "Record money" tab.
  await logInByKeyboard(page, k, 'treasurer');
  const afterLogin = k.presses;
  await expect(page.getByRole('heading', { name: 'Record money', level: 2 })).toBeVisible();
  await k.tabTo(/^Skip to the content$/);
  await k.press('Enter');
  await k.tabTo(/^Amount \(dollars and cents\)/);
  await k.type('1,000.00');
  // A closed select takes typed letters as a search, as everywhere in Chromium.
  await k.tabTo(/^From/);
  await k.type('Imani');
  await expect(page.locator('select[name="party"] option:checked')).toHaveText('Imani Carter');
  await k.tabTo(/^Share purchase/);
  await k.press('Space');
  await expect(page.getByRole('radio', { name: /^Share purchase/ })).toBeChecked();
  // The member list is the chosen person's memberships: it is there to Tab to once they have loaded.
  await expect(page.getByRole('combobox', { name: 'Member', exact: true })).toBeVisible();
  await k.tabTo(/^Member(?!s)/);
  await k.press('ArrowDown');
  await expect(page.locator('select[name="membership"]')).not.toHaveValue('');
  await k.tabTo(/^I have read what recording it as a share purchase means\.$/);
  await k.press('Space');
  await k.tabTo(/^Record \$1,000\.00 as a share purchase$/);
  await k.press('Enter');
  await expect(page.getByTestId('receive-result')).toContainText(/Certificate \d+ issued/);
  console.log(`keyboard: share payment in ${k.presses - afterLogin} key presses`);
  expect(k.presses - afterLogin).toBeLessThanOrEqual(30);
});

test('the instructor signs a trainee off by keyboard alone, within 15 key presses from logging in', async ({
  page,
}) => {
  const k = keys(page);
  // The instructor lands on the instructor desk, where Luis's laser sign-off is waiting (demo data).
  await logInByKeyboard(page, k, 'instructor');
  const afterLogin = k.presses;
  await expect(page.getByRole('heading', { name: 'Instructor desk', level: 1 })).toBeVisible();
  // Past the header by the skip link; what waits on the instructor comes first on the desk.
  await k.tabTo(/^Skip to the content$/);
  await k.press('Enter');
  await k.tabTo(/^Sign off: Luis Hernández$/);
  await k.press('Enter');
  // The confirmation opens with the focus in its note, and the note is typed there.
  const confirm = page.getByRole('form', { name: 'Sign off Luis Hernández for Laser cutter?' });
  const note = confirm.getByLabel('Assessment note (optional)');
  await expect(note).toBeFocused();
  await k.type('Focused and vented correctly');
  await expect(note).toHaveValue('Focused and vented correctly');
  await k.tabTo(/^Confirm sign-off$/);
  await k.press('Enter');
  await expect(page.getByText('No sign-offs waiting.')).toBeVisible();
  console.log(`keyboard: sign-off in ${k.presses - afterLogin} key presses`);
  expect(k.presses - afterLogin).toBeLessThanOrEqual(15);
});
