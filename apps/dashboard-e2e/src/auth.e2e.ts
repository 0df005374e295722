import { expect, test } from '@playwright/test';
import { attachScreenshot, DEMO_PASSWORD, expectAccessible, signIn, USERS } from './support/session';

test.describe('sign-in, roles and session', () => {
  test('login page: server message on a wrong password, then keyboard-only sign-in', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { name: 'Sign in to Huddle' })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel('Email').fill(USERS.careManager);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('Invalid email or password');
    await attachScreenshot(page, testInfo, 'login-error');
    await expectAccessible(page);

    // Keyboard only: the email keeps its value; Tab to the password, Enter submits.
    await page.getByLabel('Email').focus();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/caseload/);
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Caseload' }),
    ).toHaveAttribute('aria-current', 'page');
  });

  test('each role lands on its own page with role-aware navigation', async ({ page }, testInfo) => {
    const roles = [
      {
        email: USERS.consultant,
        landing: /\/review/,
        heading: 'Weekly review',
        nav: ['Weekly review', 'Caseloads', 'Team huddle', 'My tasks'],
      },
      {
        email: USERS.leadership,
        landing: /\/outcomes/,
        heading: 'Outcomes',
        nav: ['Outcomes', 'Registry overview', 'Screening & handoffs'],
      },
      {
        email: USERS.admin,
        landing: /\/admin/,
        heading: 'Administration',
        nav: ['Administration', 'Registry overview', 'Import'],
      },
    ];
    for (const role of roles) {
      await signIn(page, role.email, role.landing);
      await expect(page.getByRole('heading', { level: 1, name: role.heading })).toBeVisible();
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link')).toHaveText(role.nav);
      await attachScreenshot(page, testInfo, `landing-${role.heading}`);
      // A page of another role sends the user back to their own landing page.
      await page.goto('/caseload');
      if (role.email !== USERS.consultant) await expect(page).toHaveURL(role.landing);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/login$/);
    }
  });

  test('guards return to the requested page after sign-in, keep the session on reload and end it on sign-out', async ({
    page,
  }) => {
    await page.goto('/caseload?sort=name&order=asc');
    await expect(page).toHaveURL(/\/login\?returnUrl=/);
    await signIn(page, USERS.careManager, /\/caseload\?sort=name&order=asc$/);
    await expect(page.getByRole('table')).toBeVisible();

    await page.reload();
    await expect(page).toHaveURL(/\/caseload\?sort=name&order=asc$/);
    await expect(page.getByRole('table')).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/caseload');
    await expect(page).toHaveURL(/\/login\?returnUrl=/);
  });

  test('a duplicated tab keeps both tabs signed in (refresh-token rotation is shared)', async ({ page, context }) => {
    await signIn(page, USERS.careManager, /\/caseload/);
    await expect(page.getByRole('table')).toBeVisible();
    // The refresh token is an HttpOnly cookie shared by the tabs; scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('huddle_refresh');
    const before = (await context.cookies()).find((c) => c.name === 'huddle_refresh')?.value;
    const copy = await context.newPage();
    await copy.goto('/caseload');
    await expect(copy.getByRole('table')).toBeVisible();
    // The copy rotated the cookie; the first tab resumes with the new one instead of ending the session as reused.
    expect((await context.cookies()).find((c) => c.name === 'huddle_refresh')?.value).not.toBe(before);
    await page.reload();
    await expect(page.getByRole('table')).toBeVisible();
    await copy.reload();
    await expect(copy.getByRole('table')).toBeVisible();
    await copy.close();
  });

  test('warns before the idle timeout, "Stay signed in" renews, and expiry signs out', async ({ page }, testInfo) => {
    await page.clock.install();
    await signIn(page, USERS.careManager, /\/caseload/);
    await expect(page.getByRole('table')).toBeVisible();

    // The server ends a session after 15 minutes without a request; the warning comes a minute before.
    await page.clock.fastForward('14:05');
    const dialog = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
    await attachScreenshot(page, testInfo, 'idle-warning');
    await expectAccessible(page);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();

    // No activity for the whole timeout: signed out with the reason.
    await page.clock.fastForward('15:30');
    await expect(page).toHaveURL(/\/login\?reason=idle/);
    await expect(page.getByRole('status')).toContainText('signed out after a period of inactivity');
  });
});
