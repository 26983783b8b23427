import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPortal, signInAsGuest, screenshot, portalUrl } from './lib/portal.mjs';

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
  await page.goto(`${portalUrl}/catalog?filters[kind]=component&filters[user]=all`);
  const table = page.getByRole('table');
  await table.waitFor();
  const firstComponent = table.getByRole('link').first();
  const name = (await firstComponent.textContent())?.trim();
  assert.ok(name, 'the catalog lists at least one component');
  await firstComponent.click();
  await page.getByRole('heading', { name }).first().waitFor();
  assert.match(page.url(), /\/catalog\/default\/component\//);
  await screenshot(page, 'component-page');
});
