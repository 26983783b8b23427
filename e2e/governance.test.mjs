/*
 * The governance page on the embedded default: reached from the sidebar,
 * a card per cluster, and the associations filtered by a finding code.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  openPortal,
  signInAsGuest,
  screenshot,
  gotoUntilVisible,
  portalUrl,
  backendUrl,
} from './lib/portal.mjs';
import { guestToken } from './lib/templates.mjs';

const CLUSTERS = [
  'prod-use1',
  'prod-euw1',
  'staging-use1',
  'staging-euw1',
  'ci-use1',
  'data-euw1',
];

/**
 * The page shows the inventory as it was when it loaded, and the first scan
 * publishes clusters as they finish (ci-use1, with 4,000 associations, last):
 * wait through the API until the scan has listed every cluster, as a user
 * would wait for it, instead of racing it.
 */
async function untilFirstScanListsEveryCluster() {
  const token = await guestToken();
  const deadline = Date.now() + 300_000;
  let names = [];
  while (Date.now() < deadline) {
    const res = await fetch(
      `${backendUrl}/api/eks-pod-identity/v1/clusters?limit=500`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (res.ok) names = (await res.json()).items.map(c => c.name);
    if (CLUSTERS.every(name => names.includes(name))) return;
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
  assert.fail(`the first scan listed only ${names.join(', ') || 'no cluster'}`);
}

let browser;
before(async () => {
  browser = await openPortal();
  // The first load of the dev bundle can outlast a timeout on a busy machine;
  // the second is served from the browser cache.
  await signInAsGuest(browser.page).catch(() => signInAsGuest(browser.page));
});
after(async () => {
  await browser?.context.close();
});

test('the governance page shows the clusters and filters associations by finding code', async () => {
  const { page } = browser;
  await untilFirstScanListsEveryCluster();
  await gotoUntilVisible(page, `${portalUrl}/catalog`, p =>
    p.getByRole('link', { name: 'Pod Identity', exact: true }).first(),
  );
  await page
    .getByRole('link', { name: 'Pod Identity', exact: true })
    .first()
    .click();
  await page.waitForURL(/\/eks-pod-identity/);
  for (const cluster of CLUSTERS) {
    await page.getByRole('article', { name: `Cluster ${cluster}` }).waitFor();
  }
  const table = page.getByRole('table', { name: 'Pod Identity associations' });
  await table.waitFor();
  await page.getByRole('table', { name: 'Findings by code' }).waitFor();
  const overflow = await page.evaluate(
    () =>
      document.documentElement.scrollWidth -
      document.documentElement.clientWidth,
  );
  assert.ok(
    overflow <= 0,
    `the page is ${overflow} px wider than the viewport`,
  );
  await screenshot(page, 'governance-page');

  // ROLE_SHARED: role event-relay, used by team-orders/event-relay and team-payments/event-relay.
  await page.getByRole('button', { name: /^Finding/ }).click();
  await page.getByRole('option', { name: 'ROLE_SHARED', exact: true }).click();
  await table.getByText('team-payments/event-relay').waitFor();
  await page.getByText('1–2 of 2').waitFor();
  const rows = await table.locator('tbody tr').allInnerTexts();
  assert.equal(rows.length, 2);
  assert.ok(
    rows.every(row => row.includes('event-relay')),
    rows.join('\n'),
  );
  await screenshot(page, 'governance-filtered-by-finding');
});
