/*
 * Right-sizing from the tab: invoice-renderer's mailer runs as a role the
 * grant template made, granted s3 and sqs and using only s3
 * (examples/sandbox/estate.yaml). Once the backend has read IAM's
 * last-accessed data, its PERMISSIONS_UNUSED finding's "Right-size this role"
 * link opens the right-size template with the proposal filled in: the role,
 * its cluster, the inline policy and that policy without the sqs statement.
 * The task is not submitted: the other browser tests read the estate as seeded.
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

const TAB = `${portalUrl}/catalog/default/component/invoice-renderer/aws-access`;
const ROLE_ARN =
  'arn:aws:iam::111111111111:role/backstage/bs-team-orders-invoice-mailer';
/** The seeded policy without its unused sqs statement. */
const PROPOSAL = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: 'arn:aws:s3:::invoices',
    },
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: 'arn:aws:s3:::invoices/*',
    },
  ],
};

let browser;
before(async () => {
  browser = await openPortal();
  await signInAsGuest(browser.page).catch(() => signInAsGuest(browser.page));
});
after(async () => {
  await browser?.context.close();
});

/** The card of the mailer's service account. */
const mailerCard = page =>
  page.locator('.MuiCard-root', {
    has: page.getByRole('heading', { name: 'team-orders/invoice-mailer' }),
  });

test("PERMISSIONS_UNUSED's link opens the right-size template filled with the proposal", async () => {
  const { page } = browser;
  // The tab does not poll: reload until the last-accessed data has been read.
  await gotoUntilVisible(
    page,
    TAB,
    p => mailerCard(p).getByText('PERMISSIONS_UNUSED', { exact: true }),
    180_000,
  );
  const link = mailerCard(page)
    .getByRole('listitem')
    .filter({ hasText: 'PERMISSIONS_UNUSED' })
    .locator('a', { hasText: 'Right-size this role' });
  // Its form data gains the proposal once the role's details have been read.
  await page.waitForFunction(
    a => a.getAttribute('href')?.includes('policyDocument'),
    await link.elementHandle(),
  );

  await link.click();
  await page
    .getByText("Right-size a role's AWS permissions (EKS Pod Identity)")
    .first()
    .waitFor();
  const roleArn = page.getByLabel('Role ARN');
  await roleArn.waitFor();
  assert.equal(await roleArn.inputValue(), ROLE_ARN);
  assert.equal(
    await page.getByLabel('Inline policy').inputValue(),
    'eks-pod-identity-permissions',
  );
  const proposed = await page.getByLabel('Proposed policy (JSON)').inputValue();
  assert.deepEqual(JSON.parse(proposed), PROPOSAL);
  // The cluster picker shows the cluster once it has listed the clusters.
  await page.locator('form', { hasText: 'prod-use1' }).waitFor();
  await screenshot(page, 'right-size-template');
});
