import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import type { AssociationsQuery } from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../api';

export type AssociationFilters = Omit<AssociationsQuery, 'limit' | 'cursor'>;

/**
 * One page of associations, paged by the server's opaque cursors. The cursors
 * of earlier pages are kept so "previous" works; they belong to one filter and
 * page size, and any change of those starts again at page 1.
 */
export function useAssociationsPage(
  filters: AssociationFilters,
  pageSize: number,
) {
  const api = useApi(eksPodIdentityApiRef);
  const key = JSON.stringify([filters, pageSize]);
  // starts[i] = how many rows come before page i (the server may return short pages).
  const [paging, setPaging] = useState<{
    key: string;
    cursors: (string | undefined)[];
    starts: number[];
  }>({
    key,
    cursors: [undefined],
    starts: [0],
  });
  const { cursors, starts } =
    paging.key === key ? paging : { cursors: [undefined], starts: [0] };
  const cursor = cursors[cursors.length - 1];
  const start = starts[starts.length - 1];

  const state = useAsync(
    () => api.getAssociations({ ...filters, limit: pageSize, cursor }),
    // filters and pageSize are compared by value through key
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, cursor],
  );

  const nextCursor = state.loading ? undefined : state.value?.nextCursor;
  const shown = state.value?.items.length ?? 0;
  return {
    ...state,
    /** 1-based number of the first row of this page. */
    firstRow: start + 1,
    hasNext: Boolean(nextCursor),
    hasPrevious: cursors.length > 1,
    next: () => {
      if (nextCursor)
        setPaging({
          key,
          cursors: [...cursors, nextCursor],
          starts: [...starts, start + shown],
        });
    },
    previous: () => {
      if (cursors.length > 1)
        setPaging({
          key,
          cursors: cursors.slice(0, -1),
          starts: starts.slice(0, -1),
        });
    },
  };
}
