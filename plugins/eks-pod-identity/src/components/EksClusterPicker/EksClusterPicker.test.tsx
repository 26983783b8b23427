import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { eksPodIdentityApiRef } from '../../api';
import {
  FakeEksPodIdentityApi,
  pending,
} from '../../__testUtils__/FakeEksPodIdentityApi';
import { cluster } from '../../__testUtils__/fixtures';
import {
  EksClusterPicker,
  type EksClusterPickerUiOptions,
} from './EksClusterPicker';

jest.setTimeout(30_000);

type Props = FieldExtensionComponentProps<string, EksClusterPickerUiOptions>;

function renderPicker(
  api: FakeEksPodIdentityApi,
  overrides: Partial<Props> = {},
) {
  const onChange = jest.fn();
  const props = {
    onChange,
    required: true,
    rawErrors: [],
    formData: undefined,
    schema: { title: 'Cluster', description: 'Where the service runs' },
    uiSchema: {},
    idSchema: { $id: 'root_cluster' },
    ...overrides,
  } as unknown as Props;
  return {
    onChange,
    rendered: renderInTestApp(
      <TestApiProvider apis={[[eksPodIdentityApiRef, api]]}>
        <EksClusterPicker {...props} />
      </TestApiProvider>,
    ),
  };
}

const clusters = async () => ({
  items: [
    cluster('prod-use1', { title: 'Production' }),
    cluster('staging-use1', { accountId: '222222222222' }),
    cluster('data-euw1', { accountId: '333333333333', region: 'eu-west-1' }),
  ],
});

describe('EksClusterPicker', () => {
  it('offers the configured clusters and returns the chosen name', async () => {
    const { onChange, rendered } = renderPicker(
      new FakeEksPodIdentityApi({ getClusters: clusters }),
    );
    await rendered;
    expect(
      await screen.findByText('Where the service runs'),
    ).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByRole('button', { name: /Cluster/ }));
    const options = within(await screen.findByRole('listbox')).getAllByRole(
      'option',
    );
    expect(options.map(o => o.textContent)).toEqual([
      'Production (prod-use1) · 111111111111 · us-east-1',
      'staging-use1 · 222222222222 · us-east-1',
      'data-euw1 · 333333333333 · eu-west-1',
    ]);
    fireEvent.click(options[2]);
    expect(onChange).toHaveBeenCalledWith('data-euw1');
  });

  it('limits the choice to ui:options.allowedClusters', async () => {
    const { rendered } = renderPicker(
      new FakeEksPodIdentityApi({ getClusters: clusters }),
      {
        uiSchema: { 'ui:options': { allowedClusters: ['staging-use1'] } },
      },
    );
    await rendered;
    await screen.findByText('Where the service runs');
    fireEvent.mouseDown(screen.getByRole('button', { name: /Cluster/ }));
    const options = within(await screen.findByRole('listbox')).getAllByRole(
      'option',
    );
    expect(options.map(o => o.textContent)).toEqual([
      'staging-use1 · 222222222222 · us-east-1',
    ]);
  });

  it('says it is loading', async () => {
    const { rendered } = renderPicker(
      new FakeEksPodIdentityApi({ getClusters: pending }),
    );
    await rendered;
    expect(screen.getByText('Loading clusters…')).toBeInTheDocument();
  });

  it('falls back to free text when the clusters cannot be listed', async () => {
    const { onChange, rendered } = renderPicker(
      new FakeEksPodIdentityApi({
        getClusters: () => Promise.reject(new Error('backend down')),
      }),
    );
    await rendered;
    expect(
      await screen.findByText(
        /Could not list the clusters \(backend down\); type the cluster name/,
      ),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/Cluster/), {
      target: { value: 'prod-use1' },
    });
    expect(onChange).toHaveBeenCalledWith('prod-use1');
  });
});
