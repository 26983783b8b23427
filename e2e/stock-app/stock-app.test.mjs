/*
 * The plugins installed from their tarballs into a stock `@backstage/create-app`
 * app, checked in a real browser: the "AWS access" tab of a component, the
 * governance page from the sidebar, the eks-pod-identity actions in the
 * scaffolder's action list, and the templates registered from the package.
 * Run by scripts/stock-app.mjs, which sets PORTAL_URL, BACKEND_URL and
 * STOCK_APP_STARTUP_SECONDS.
 */
import { test, before, after } from 'node:test';
import { openPortal, signInAsGuest, portalUrl } from '../lib/portal.mjs';
import {
  locationErrors,
  readyWithinMs,
  untilBackendHas,
  untilCatalogHas,
} from './backend.mjs';

const TEMPLATES_PACKAGE =
  '@pod-identity/plugin-scaffolder-backend-module-eks-pod-identity';

let browser;
before(async () => {
  browser = await openPortal();
  // The first load of the dev bundle can outlast a timeout on a busy machine.
  await signInAsGuest(browser.page).catch(() => signInAsGuest(browser.page));
});
after(async () => {
  await browser?.context.close();
});

test('a component has the "AWS access" tab with its role and findings', async () => {
  const { page } = browser;
  await untilCatalogHas('component', 'orders-api');
  await page.goto(
    `${portalUrl}/catalog/default/component/orders-api/aws-access`,
  );
  await page
    .getByText('team-orders/orders-api')
    .first()
    .waitFor({ timeout: readyWithinMs });
  // The entity page's tab strip names the tab; the tab shows the role section.
  await page.getByText('AWS access', { exact: true }).first().waitFor();
  await page.getByText('IAM role', { exact: true }).first().waitFor();
});

test('the governance page is in the sidebar and shows every cluster', async () => {
  const { page } = browser;
  await untilBackendHas(
    'the first scan of the sandbox clusters',
    '/api/eks-pod-identity/v1/clusters',
    body => body.items.length >= 3,
  );
  await page.goto(`${portalUrl}/catalog`);
  const nav = page.getByRole('link', { name: 'Pod Identity', exact: true });
  await nav.first().click();
  await page.waitForURL(/\/eks-pod-identity/);
  for (const cluster of ['prod-use1', 'staging-use1', 'prod-euw1']) {
    await page.getByRole('article', { name: `Cluster ${cluster}` }).waitFor();
  }
});

test("the scaffolder's action list has the eks-pod-identity actions", async () => {
  const { page } = browser;
  await page.goto(`${portalUrl}/create/actions`);
  for (const id of [
    'eks-pod-identity:setup',
    'eks-pod-identity:role:create',
    'eks-pod-identity:association:delete',
  ]) {
    await page.getByText(id, { exact: true }).first().waitFor();
  }
});

test('the templates shipped in the scaffolder module are registered', async () => {
  const { page } = browser;
  await untilCatalogHas('template', 'eks-pod-identity-grant-access', token =>
    locationErrors(token, TEMPLATES_PACKAGE),
  );
  await page.goto(`${portalUrl}/create`);
  await page
    .getByText('Give a component AWS access (EKS Pod Identity)')
    .first()
    .waitFor({ timeout: readyWithinMs });
});
