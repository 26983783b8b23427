import type { Entity } from '@backstage/catalog-model';
import { isEksPodIdentityAvailable } from './isEksPodIdentityAvailable';

const component = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders-api', annotations },
  spec: {},
});

describe('isEksPodIdentityAvailable', () => {
  it('accepts the service-accounts annotation', () => {
    expect(
      isEksPodIdentityAvailable(
        component({
          'eks-pod-identity/service-accounts':
            'prod-use1:team-orders/orders-api',
        }),
      ),
    ).toBe(true);
  });

  it('accepts the Kubernetes id annotation', () => {
    expect(
      isEksPodIdentityAvailable(
        component({ 'backstage.io/kubernetes-id': 'orders-api' }),
      ),
    ).toBe(true);
  });

  it('rejects entities without either annotation, or with blank values', () => {
    expect(isEksPodIdentityAvailable(component())).toBe(false);
    expect(
      isEksPodIdentityAvailable(
        component({ 'backstage.io/kubernetes-id': '  ' }),
      ),
    ).toBe(false);
    expect(
      isEksPodIdentityAvailable(
        component({ 'github.com/project-slug': 'a/b' }),
      ),
    ).toBe(false);
  });
});
