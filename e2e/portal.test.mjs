import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  openPortal,
  signInAsGuest,
  gotoUntilVisible,
  portalUrl,
} from './lib/portal.mjs';

let browser;
before(async () => {
  browser = await openPortal();
  await signInAsGuest(browser.page);
});
after(async () => {
  await browser?.context.close();
});

test('a guest sees the demo catalog and opens a component page', async () => {
  const { page } = browser;
  const firstComponent = await gotoUntilVisible(
    page,
    `${portalUrl}/catalog?filters[kind]=component&filters[user]=all`,
    p =>
      p.locator('table tbody a[href*="/catalog/default/component/"]').first(),
  );
  const name = (await firstComponent.textContent())?.trim();
  assert.ok(name, 'the catalog lists at least one component');
  await firstComponent.click();
  await page.getByRole('heading', { name }).first().waitFor();
  assert.match(page.url(), /\/catalog\/default\/component\//);
});
