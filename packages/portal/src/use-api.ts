/** Loads an API document for a component, again whenever `path` or `version` changes. */
import { useEffect, useState } from 'react';
import { api, ApiError } from './api.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
}

export function useApi<T>(path: string | undefined, version = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined });
  useEffect(() => {
    if (path === undefined) return;
    let isCurrent = true;
    api<T>(path).then(
      (data) => {
        if (isCurrent) setState({ data, error: undefined });
      },
      (error: unknown) => {
        if (isCurrent)
          setState({
            data: undefined,
            error: error instanceof ApiError ? error : new ApiError(0, 'NETWORK', String(error)),
          });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [path, version]);
  return state;
}
