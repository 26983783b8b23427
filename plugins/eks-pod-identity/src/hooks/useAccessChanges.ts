import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  AccessChange,
  AccessChangesQuery,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../api';

const PAGE_SIZE = 20;

/** The access history, newest first, one page at a time (`loadMore` appends the next). */
export function useAccessChanges(query: Pick<AccessChangesQuery, 'entityRef'>) {
  const api = useApi(eksPodIdentityApiRef);
  const [items, setItems] = useState<AccessChange[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>();
  const { entityRef } = query;

  const load = useCallback(
    async (after: string | undefined, append: boolean) => {
      setLoading(true);
      try {
        const page = await api.getChanges({
          entityRef,
          limit: PAGE_SIZE,
          cursor: after,
        });
        setItems(previous =>
          append ? [...previous, ...page.items] : page.items,
        );
        setCursor(page.nextCursor);
        setError(undefined);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    },
    [api, entityRef],
  );

  useEffect(() => {
    load(undefined, false);
  }, [load]);

  return {
    items,
    loading,
    error,
    hasMore: Boolean(cursor),
    loadMore: () => load(cursor, true),
  };
}
