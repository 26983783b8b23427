/*
 * The access history in the portal: a grant made through the template shows
 * in the component's History with the guest who ran it, a change made
 * directly in AWS (the sandbox, as an account administrator) shows as made
 * outside Backstage, and both appear in the governance page's Recent
 * changes. The revoke template then leaves the demo estate as it was.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  EKSClient,
  ListPodIdentityAssociationsCommand,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import {
  openPortal,
  signInAsGuest,
  screenshot,
  gotoUntilVisible,
  portalUrl,
  backendUrl,
} from './lib/portal.mjs';
import {
  guestToken,
  PAYMENTS_API_WORKLOAD,
  revokeAccess,
  runTemplate,
} from './lib/templates.mjs';

const ACCOUNT = '111111111111';
const TAB = `${portalUrl}/catalog/default/component/payments-api/aws-access`;

// The sandbox's administrator keys of an account, derived as it derives them
// (packages/sandbox/src/state/seed.ts); they open nothing but the sandbox.
const eks = new EKSClient({
  endpoint: process.env.SANDBOX_AWS_URL ?? 'http://127.0.0.1:4599',
  region: 'us-east-1',
  credentials: {
    accessKeyId: `AKIA${ACCOUNT}SBOX`,
    secretAccessKey: createHash('sha256')
      .update(`pod-identity-sandbox/${ACCOUNT}`)
      .digest('base64')
      .slice(0, 40),
  },
});

let browser;
let token;
before(async () => {
  browser = await openPortal();
  await signInAsGuest(browser.page).catch(() => signInAsGuest(browser.page));
  token = await guestToken();
});
after(async () => {
  if (token) {
    await revokeAccess(token, PAYMENTS_API_WORKLOAD);
  }
  await browser?.context.close();
});

const historyCard = page =>
  page.getByRole('table', { name: 'History', exact: true });

test("the component's History names the template's user and a change made outside Backstage", async () => {
  const { page } = browser;
  await runTemplate(token, 'eks-pod-identity-grant-access', {
    component: 'component:default/payments-api',
    cluster: 'prod-use1',
    namespace: 'team-payments',
    permissions: [{ preset: 's3-read', resource: 'payments-reports/' }],
  });
  const created = await gotoUntilVisible(
    page,
    TAB,
    p =>
      historyCard(p)
        .getByRole('row', { name: /Association created/ })
        .first(),
    60_000,
  );
  assert.match(await created.innerText(), /guest/);

  // An administrator turns session tags off in AWS directly.
  const { associations } = await eks.send(
    new ListPodIdentityAssociationsCommand({
      clusterName: 'prod-use1',
      namespace: 'team-payments',
      serviceAccount: 'payments-api',
    }),
  );
  await eks.send(
    new UpdatePodIdentityAssociationCommand({
      clusterName: 'prod-use1',
      associationId: associations[0].associationId,
      disableSessionTags: true,
    }),
  );
  const rescan = await fetch(`${backendUrl}/api/eks-pod-identity/v1/refresh`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ cluster: 'prod-use1' }),
  });
  assert.equal(rescan.status, 202);
  const outside = await gotoUntilVisible(
    page,
    TAB,
    p =>
      historyCard(p)
        .getByRole('row', { name: /session tags changed/ })
        .first(),
    90_000,
  );
  assert.match(await outside.innerText(), /outside Backstage/);
  await historyCard(page).scrollIntoViewIfNeeded();
  await screenshot(page, 'aws-access-history');
});

test('the governance page lists the recent changes of every workload', async () => {
  const { page } = browser;
  const feed = await gotoUntilVisible(
    page,
    `${portalUrl}/eks-pod-identity`,
    p => p.getByRole('table', { name: 'Recent changes', exact: true }),
  );
  await feed
    .getByRole('row', { name: /session tags changed/ })
    .first()
    .waitFor();
  await page.getByRole('button', { name: 'Export changes (CSV)' }).waitFor();
  // The newest changes at the top of the viewport, not the middle of a long feed.
  await feed.evaluate(table => table.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'governance-recent-changes');
});
