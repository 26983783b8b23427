import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import type { ActionSuggestion } from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../api';

/** IAM actions matching what the user typed, asked of the backend once typing pauses. */
export function useActionSuggestions(text: string, delayMs = 250) {
  const api = useApi(eksPodIdentityApiRef);
  const [query, setQuery] = useState(text);
  useDebounce(() => setQuery(text.trim()), delayMs, [text]);
  return useAsync(async (): Promise<ActionSuggestion[]> => {
    if (query.length < 2) return [];
    return (await api.suggestActions(query)).items;
  }, [api, query]);
}
