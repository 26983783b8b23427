import { screen } from '@testing-library/react';
import { fakeBackend, renderPage } from '../../__testUtils__/governancePage';

jest.setTimeout(60_000);

// A file of its own: usePermission caches answers per permission across the
// tests of a file, and the other GovernancePage tests hold the permission.
describe('GovernancePage for users without eks-pod-identity.inventory.read', () => {
  it('tells them what they need, and asks the backend nothing', async () => {
    const api = fakeBackend();
    await renderPage(api, true, false);
    expect(
      await screen.findByText(
        'You need the eks-pod-identity.inventory.read permission',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Production (prod-use1)')).toBeNull();
    expect(api.calls).toEqual([]);
  });
});
