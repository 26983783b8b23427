/*
 * A denied call degrades with a sentence a platform engineer can act on:
 * with eks:ListPodIdentityAssociations removed from backstage-reader's policy
 * in 333333333333 (as an administrator of that account would), a rescan of
 * data-euw1 shows on the governance page who lacks what, and the file that
 * grants it. The policy is put back afterwards.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  GetRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  openPortal,
  signInAsGuest,
  screenshot,
  gotoUntilVisible,
  portalUrl,
} from './lib/portal.mjs';

const ACCOUNT = '333333333333';
const ROLE = 'backstage-reader';
const POLICY = 'eks-pod-identity-reader';
const REMOVED = 'eks:ListPodIdentityAssociations';
const SENTENCE = `${ROLE} in ${ACCOUNT} lacks ${REMOVED} (add it from plugins/eks-pod-identity-node/policies/reader-policy.json)`;

// The sandbox's administrator keys of an account, derived as it derives them
// (packages/sandbox/src/state/seed.ts); they open nothing but the sandbox.
const iam = new IAMClient({
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
let shipped;
before(async () => {
  const { PolicyDocument } = await iam.send(
    new GetRolePolicyCommand({ RoleName: ROLE, PolicyName: POLICY }),
  );
  shipped = decodeURIComponent(PolicyDocument);
  browser = await openPortal();
  await signInAsGuest(browser.page).catch(() => signInAsGuest(browser.page));
});
after(async () => {
  if (shipped) {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: ROLE,
        PolicyName: POLICY,
        PolicyDocument: shipped,
      }),
    );
  }
  iam.destroy();
  await browser?.context.close();
});

const card = (page, cluster) =>
  page.getByRole('article', { name: `Cluster ${cluster}` });

/**
 * Asks for a rescan, then reloads until `shown` holds: the request waits
 * while the first full scan (4,000 associations in ci-use1) is still running.
 */
async function rescanUntil(page, cluster, shown) {
  await card(page, cluster)
    .getByRole('button', { name: `Rescan ${cluster}` })
    .click();
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    await page.reload();
    await card(page, cluster).waitFor();
    if (await shown(card(page, cluster))) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the ${cluster} card did not change in time:\n${await card(
          page,
          cluster,
        ).innerText()}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 5000));
  }
}

test('a scan without one action of the reader policy names it, and the file, on the governance page', async () => {
  const document = JSON.parse(shipped);
  const narrowed = {
    ...document,
    Statement: document.Statement.map(s => ({
      ...s,
      Action: [s.Action].flat().filter(a => a !== REMOVED),
    })),
  };
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: ROLE,
      PolicyName: POLICY,
      PolicyDocument: JSON.stringify(narrowed),
    }),
  );

  const { page } = browser;
  await gotoUntilVisible(page, `${portalUrl}/eks-pod-identity`, p =>
    p.getByRole('article', { name: 'Cluster data-euw1' }),
  );
  const hasSentence = async c => (await c.innerText()).includes(SENTENCE);
  await rescanUntil(page, 'data-euw1', hasSentence);
  const text = await card(page, 'data-euw1').innerText();
  assert.ok(!/\bat \S+ \(/.test(text), `a stack trace on the page:\n${text}`);
  await card(page, 'data-euw1').scrollIntoViewIfNeeded();
  await screenshot(page, 'governance-denied-action');

  // Put back, the next scan reads the cluster again.
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: ROLE,
      PolicyName: POLICY,
      PolicyDocument: shipped,
    }),
  );
  await rescanUntil(page, 'data-euw1', async c => !(await hasSentence(c)));
});
