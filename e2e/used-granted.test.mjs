/*
 * Unused permissions in the portal: orders-api's role on prod-use1 is granted
 * s3, dynamodb and sqs and used only s3 (examples/sandbox/estate.yaml,
 * PERMISSIONS_UNUSED). Once the backend has read IAM's last-accessed data (its
 * daily task runs after the first scan), the tab's effective-access table
 * says per service what was used and when, and the finding appears. The role
 * was not made by the scaffolder, so instead of a "Right-size this role" link
 * (right-size.test.mjs follows one) the finding says where to narrow it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  openPortal,
  signInAsGuest,
  screenshot,
  gotoUntilVisible,
  portalUrl,
} from './lib/portal.mjs';

const TAB = `${portalUrl}/catalog/default/component/orders-api/aws-access`;
const HOUR_MS = 60 * 60 * 1000;

// The sandbox dates s3's last access 2h48m before it started; it started
// within the hour before this test (the portal's start and earlier tests).
const lastS3Dates = () => {
  const latest = Date.now() - (2 * HOUR_MS + 48 * 60 * 1000);
  return new Set(
    [latest, latest - HOUR_MS].map(t => new Date(t).toISOString().slice(0, 10)),
  );
};

let browser;
before(async () => {
  browser = await openPortal();
  await signInAsGuest(browser.page).catch(() => signInAsGuest(browser.page));
});
after(async () => {
  await browser?.context.close();
});

/** The card of orders-api's service account on prod-use1. */
const prodCard = page =>
  page.locator('.MuiCard-root', {
    has: page.getByText('on cluster prod-use1', { exact: true }),
  });
const accessTable = page =>
  prodCard(page).getByRole('table', { name: 'Effective access by service' });
/** The "Used / granted" cell of a service's row (the row's last cell). */
const usageOf = (page, service) =>
  accessTable(page)
    .getByRole('row')
    .filter({
      has: page.locator('th code', { hasText: new RegExp(`^${service}$`) }),
    })
    .getByRole('cell')
    .last();

test('the effective-access table shows which granted services were used, and when', async () => {
  const { page } = browser;
  // The tab does not poll: reload until the last-accessed data has been read.
  await gotoUntilVisible(
    page,
    TAB,
    p => accessTable(p).getByText('Used / granted', { exact: true }),
    180_000,
  );
  await prodCard(page)
    .getByText('Used / granted: 1 of 3 services in the last 90 days')
    .waitFor();

  const s3 = await usageOf(page, 's3').innerText();
  const used = s3.match(/^used · last (\d{4}-\d{2}-\d{2})/);
  assert.ok(used, `s3's usage reads "${s3}"`);
  assert.ok(
    lastS3Dates().has(used[1]),
    `s3 last accessed ${used[1]}, expected one of ${[...lastS3Dates()]}`,
  );
  assert.equal(await usageOf(page, 'sqs').innerText(), 'not used in 90 days');
  assert.equal(
    await usageOf(page, 'dynamodb').innerText(),
    'not used in 90 days',
  );

  // The table with the findings under it, as a reader scrolls to it.
  await prodCard(page)
    .getByRole('heading', { name: 'Effective access', exact: true })
    .evaluate(heading => heading.scrollIntoView({ block: 'start' }));
  await prodCard(page)
    .getByText('PERMISSIONS_UNUSED', { exact: true })
    .waitFor();
  await screenshot(page, 'aws-access-used-granted');
});

test('PERMISSIONS_UNUSED on a role made outside Backstage says where to narrow it, with no template link', async () => {
  const { page } = browser;
  await gotoUntilVisible(
    page,
    TAB,
    p => prodCard(p).getByText('PERMISSIONS_UNUSED', { exact: true }),
    60_000,
  );
  const finding = prodCard(page)
    .getByRole('listitem')
    .filter({ hasText: 'PERMISSIONS_UNUSED' });
  assert.match(
    await finding.innerText(),
    /has not used services dynamodb, sqs \(of dynamodb, s3, sqs granted\)/,
  );
  // The line replaces the link once the role's details have been read: the
  // right-size action refuses a role the scaffolder did not make.
  await finding
    .getByText(
      'Managed outside Backstage: narrow the policy where it is defined; the finding names the statements.',
    )
    .waitFor();
  assert.equal(
    await finding.locator('a', { hasText: 'Right-size this role' }).count(),
    0,
  );
});
