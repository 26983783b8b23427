/*
 * What a developer sees after granting access through a template: the grant
 * template runs through the scaffolder's task API as the guest, its output
 * link opens the component's AWS access tab, and the tab shows the new role
 * with no refresh asked for. The revoke template then takes it away again,
 * leaving the demo estate as it was.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPortal, signInAsGuest, gotoUntilVisible } from './lib/portal.mjs';
import {
  guestToken,
  PAYMENTS_API_WORKLOAD,
  revokeAccess,
  runTemplate,
} from './lib/templates.mjs';

const ROLE = 'bs-team-payments-payments-api';

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

test("the grant template's link opens the tab, which shows the new access", async () => {
  const output = await runTemplate(token, 'eks-pod-identity-grant-access', {
    component: 'component:default/payments-api',
    cluster: 'prod-use1',
    namespace: 'team-payments',
    permissions: [{ preset: 's3-read', resource: 'payments-reports/' }],
  });
  const link = output.links.find(
    l => l.title === 'AWS access of the component',
  );
  assert.ok(link, `no link to the tab in ${JSON.stringify(output.links)}`);
  assert.match(
    link.url,
    /\/catalog\/default\/component\/payments-api\/aws-access$/,
  );

  // The tab does not poll; following the link again is what a user would do.
  // The backend has the change within seconds; the wait covers a busy machine.
  const role = await gotoUntilVisible(
    browser.page,
    link.url,
    p => p.getByText(ROLE).first(),
    30_000,
  );
  assert.ok(await role.isVisible());
  assert.ok(await browser.page.getByText(/s3/i).first().isVisible());
});
