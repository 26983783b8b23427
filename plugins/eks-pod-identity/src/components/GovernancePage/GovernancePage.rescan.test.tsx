import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeBackend, renderPage } from '../../__testUtils__/governancePage';

jest.setTimeout(60_000);

// A file of its own: usePermission caches answers per permission across the
// tests of a file, and GovernancePage.test.tsx checks the denied case.
describe('GovernancePage for holders of eks-pod-identity.refresh', () => {
  it('lets them rescan everything or one cluster', async () => {
    const api = fakeBackend();
    await renderPage(api, true);
    fireEvent.click(await screen.findByText('Rescan all clusters'));
    expect(await screen.findByText(/Rescan started at/)).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'Rescan staging-euw1' }),
    );
    await waitFor(() =>
      expect(api.callsOf('refresh')).toEqual([
        [{}],
        [{ cluster: 'staging-euw1' }],
      ]),
    );
  });
});
