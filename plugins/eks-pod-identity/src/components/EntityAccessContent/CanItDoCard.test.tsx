import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { SimulateResult } from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../../api';
import {
  FakeEksPodIdentityApi,
  pending,
} from '../../__testUtils__/FakeEksPodIdentityApi';
import { roleArn } from '../../__testUtils__/fixtures';
import { CanItDoCard } from './CanItDoCard';

jest.setTimeout(30_000);

const base = {
  cluster: 'prod-use1',
  namespace: 'team-orders',
  serviceAccount: 'orders-api',
  roleArn,
};

const allowed: SimulateResult = {
  ...base,
  decision: 'allowed',
  statements: [
    {
      policy: {
        kind: 'identity',
        name: 'orders-data-read',
        arn: 'arn:aws:iam::111111111111:policy/orders-data-read',
      },
      sid: 'ReadOrders',
      index: 0,
      effect: 'Allow',
    },
  ],
  explanation: 'Allowed by statement ReadOrders of orders-data-read.',
  missingContextKeys: [],
};

const denied: SimulateResult = {
  ...base,
  decision: 'explicitDeny',
  statements: [
    {
      policy: {
        kind: 'boundary',
        arn: 'arn:aws:iam::111111111111:policy/backstage-boundary',
      },
      index: 2,
      effect: 'Deny',
    },
  ],
  explanation: 'The permissions boundary denies iam:*.',
  missingContextKeys: ['aws:SourceVpc'],
};

/**
 * Puts text into a field the way pasting does: one change instead of one
 * render per character, which under load took longer than the test's budget.
 * Typing stays where the test is about typing (the suggestions).
 */
async function enter(field: HTMLElement, text: string) {
  await userEvent.click(field);
  await userEvent.paste(text);
}

function renderCard(api: FakeEksPodIdentityApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[eksPodIdentityApiRef, api]]}>
      <CanItDoCard entityRef="component:default/orders-api" />
    </TestApiProvider>,
  );
}

describe('CanItDoCard', () => {
  it('suggests actions from the backend while typing and simulates the chosen one', async () => {
    const api = new FakeEksPodIdentityApi({
      suggestActions: async () => ({
        items: [
          { action: 's3:GetObject', service: 's3', accessLevels: ['Read'] },
        ],
      }),
      simulate: async () => ({ results: [allowed] }),
    });
    await renderCard(api);

    await userEvent.type(screen.getByLabelText(/Action/), 's3:Get');
    // Asked once typing pauses, with the whole text.
    await waitFor(() =>
      expect(api.callsOf('suggestActions').at(-1)).toEqual(['s3:Get']),
    );
    await userEvent.click(await screen.findByText('s3:GetObject'));

    await enter(
      screen.getByLabelText('Resource ARN'),
      'arn:aws:s3:::orders-data/2026/11/28/order-1001.json',
    );
    await userEvent.click(screen.getByText('Check'));

    expect(await screen.findByText('Allowed')).toBeInTheDocument();
    expect(
      screen.getByText('Allowed by statement ReadOrders of orders-data-read.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Allow statement "ReadOrders" of the identity policy orders-data-read',
      ),
    ).toBeInTheDocument();
    expect(api.callsOf('simulate')).toEqual([
      [
        {
          entityRef: 'component:default/orders-api',
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::orders-data/2026/11/28/order-1001.json',
          context: undefined,
        },
      ],
    ]);
  });

  it('sends context keys, lists as lists, and shows a denial with its statement and missing keys', async () => {
    const api = new FakeEksPodIdentityApi({
      suggestActions: async () => ({ items: [] }),
      simulate: async () => ({ results: [denied] }),
    });
    await renderCard(api);

    await enter(screen.getByLabelText(/Action/), 'iam:CreateRole');
    await userEvent.click(screen.getByText('Add context key'));
    await enter(screen.getByLabelText('Context key'), 'aws:SourceIp');
    await enter(screen.getByLabelText('Value'), '10.0.0.1, 10.0.0.2');
    await userEvent.click(screen.getByText('Check'));

    expect(
      await screen.findByText('Denied by an explicit Deny'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Deny statement #3 of the boundary policy arn:aws:iam::111111111111:policy/backstage-boundary',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/did not carry: aws:SourceVpc/),
    ).toBeInTheDocument();
    expect(api.callsOf('simulate')[0][0]).toEqual({
      entityRef: 'component:default/orders-api',
      action: 'iam:CreateRole',
      resource: '*',
      context: { 'aws:SourceIp': ['10.0.0.1', '10.0.0.2'] },
    });
  });

  it('keeps the button disabled until an action is given, and shows progress and errors', async () => {
    const api = new FakeEksPodIdentityApi({
      suggestActions: async () => ({ items: [] }),
      simulate: () =>
        Promise.reject(new Error('action "s3:Nope" is not an IAM action')),
    });
    await renderCard(api);
    expect(screen.getByText('Check').closest('button')).toBeDisabled();
    await enter(screen.getByLabelText(/Action/), 's3:Nope');
    await userEvent.click(screen.getByText('Check'));
    expect(
      (await screen.findAllByText(/is not an IAM action/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows progress while the simulation runs', async () => {
    const api = new FakeEksPodIdentityApi({
      suggestActions: async () => ({ items: [] }),
      simulate: pending,
    });
    await renderCard(api);
    await enter(screen.getByLabelText(/Action/), 's3:GetObject');
    await userEvent.click(screen.getByText('Check'));
    await waitFor(() =>
      expect(screen.getByRole('progressbar')).toBeInTheDocument(),
    );
  });
});
