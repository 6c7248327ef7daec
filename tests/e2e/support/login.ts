import { expect, type Locator, type Page } from '@playwright/test';

/** Every demo person's password (main/host/demo.ts). */
export const DEMO_PASSWORD = 'demo-pass-2026';

/** The shell's navigation, in either language. */
export function areasNav(page: Page): Locator {
  return page.getByRole('navigation', { name: /^(Areas|Áreas)$/ });
}

/** Fills and sends the login form (already on screen: a fresh page, or after "Switch user"). */
export async function submitLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  const form = page.getByRole('form', { name: 'Log in' });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
}

/**
 * Opens the desk at `url` and logs in through the form. The desk opens in the person's own language; by default the
 * test then switches it to English (`language: 'own'` keeps what the person got, `'es'` switches to Spanish).
 */
export async function logIn(
  page: Page,
  url: string,
  username: string,
  options: { language?: 'en' | 'es' | 'own' } = {},
): Promise<void> {
  await page.goto(url);
  await submitLogin(page, username);
  await expect(areasNav(page)).toBeVisible();
  const wanted = options.language ?? 'en';
  if (wanted !== 'own') await setLanguage(page, wanted);
}

/** Switches the desk's language with the shell's switch (a no-op when it already speaks it). */
export async function setLanguage(page: Page, language: 'en' | 'es'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) !== language) {
    await page
      .getByRole('group', { name: /^(Language|Idioma)$/ })
      .getByRole('button', { name: language === 'es' ? 'Español' : 'English' })
      .click();
  }
  await expect(page.getByRole('navigation', { name: language === 'es' ? 'Áreas' : 'Areas' })).toBeVisible();
}

/** Opens an area with its link in the shell's navigation (its name in the language on screen). */
export async function openArea(page: Page, name: string): Promise<void> {
  await areasNav(page).getByRole('link', { name, exact: true }).click();
  await expect(areasNav(page).getByRole('link', { name, exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
}
