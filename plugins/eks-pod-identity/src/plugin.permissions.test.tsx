import { screen } from '@testing-library/react';
import { evaluateFilterPredicate } from '@backstage/filter-predicates';
import {
  coreExtensionData,
  translationApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import plugin from './plugin';

const PAGE = 'page:eks-pod-identity';
const PERMISSION_PAGE = 'page:eks-pod-identity/permission-required';

/**
 * Whether an app instantiates the extension: apps evaluate its `if` predicate
 * against the permissions the user holds, and a page that is not instantiated
 * has no nav item.
 */
function shownTo(id: string, permissions: string[]): boolean {
  const { if: predicate } = plugin.getExtension(id as typeof PAGE) as {
    if?: Parameters<typeof evaluateFilterPredicate>[0];
  };
  return (
    predicate === undefined ||
    evaluateFilterPredicate(predicate, { featureFlags: [], permissions })
  );
}

describe('the governance page and its nav item', () => {
  it('are there for holders of eks-pod-identity.inventory.read only', () => {
    expect(shownTo(PAGE, ['eks-pod-identity.inventory.read'])).toBe(true);
    expect(shownTo(PAGE, ['eks-pod-identity.refresh'])).toBe(false);
    expect(shownTo(PAGE, [])).toBe(false);
  });

  it('give way, for everyone else, to a page with no nav item that says what they need', async () => {
    expect(shownTo(PERMISSION_PAGE, [])).toBe(true);
    expect(shownTo(PERMISSION_PAGE, ['eks-pod-identity.inventory.read'])).toBe(
      false,
    );
    const tester = createExtensionTester(plugin.getExtension(PERMISSION_PAGE), {
      apis: [[translationApiRef, mockApis.translation()]],
    });
    // No route ref: the app's nav lists only pages that have one.
    expect(tester.get(coreExtensionData.routeRef)).toBeUndefined();
    await renderInTestApp(tester.reactElement());
    expect(
      await screen.findByText(
        'You need the eks-pod-identity.inventory.read permission',
      ),
    ).toBeInTheDocument();
  });
});
