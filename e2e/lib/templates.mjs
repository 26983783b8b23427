/*
 * Software templates run through the scaffolder's task API as the guest, as
 * the browser tests need them.
 */
import assert from 'node:assert/strict';
import { backendUrl } from './portal.mjs';

/** The guest's Backstage token, as the app gets it. */
export async function guestToken() {
  const res = await fetch(
    `${backendUrl}/api/auth/guest/refresh?env=development`,
    {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    },
  );
  assert.equal(res.status, 200, `guest sign-in: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

export async function runTemplate(token, name, values) {
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const created = await fetch(`${backendUrl}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ templateRef: `template:default/${name}`, values }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const { id } = await created.json();
  for (;;) {
    const task = await (
      await fetch(`${backendUrl}/api/scaffolder/v2/tasks/${id}`, { headers })
    ).json();
    if (task.status === 'completed') break;
    assert.ok(
      !['failed', 'cancelled'].includes(task.status),
      `task of ${name} ${task.status}`,
    );
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  const events = await (
    await fetch(`${backendUrl}/api/scaffolder/v2/tasks/${id}/events`, {
      headers,
    })
  ).json();
  return events.find(e => e.type === 'completion')?.body.output;
}

/** The demo workload the grant tests give access to, and take it back from. */
export const PAYMENTS_API_WORKLOAD = {
  component: 'component:default/payments-api',
  cluster: 'prod-use1',
  namespace: 'team-payments',
  serviceAccount: 'payments-api',
};

/** Takes a test's grant back (association and role), so the next test starts clean. */
export function revokeAccess(token, workload) {
  return runTemplate(token, 'eks-pod-identity-revoke-access', {
    ...workload,
    deleteRole: true,
  });
}
