import { EKS_POD_IDENTITY_ACTION_IDS } from '@pod-identity/plugin-eks-pod-identity-common';
import type { EksPodIdentityActionDeps } from './deps';
import { createEksPodIdentityActions } from '.';

describe('createEksPodIdentityActions', () => {
  it('registers exactly the action ids that permission policies limit', () => {
    // The ids are all that is read here; no gateway is called.
    const actions = createEksPodIdentityActions({} as EksPodIdentityActionDeps);
    expect(actions.map(a => a.id).sort()).toEqual(
      [...EKS_POD_IDENTITY_ACTION_IDS].sort(),
    );
  });
});
