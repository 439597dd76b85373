/**
 * Hash routes, so any static server (or none, in development) serves the portal:
 *   #/                                   workspaces
 *   #/w/<workspace>                      one workspace
 *   #/runs/<id>                          a run, live
 *   #/w/<ws>/p/<project>/s/<stack>/r/<n> a release (its graph below it)
 */
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'workspaces' }
  | { page: 'workspace'; workspace: string }
  | { page: 'run'; id: string }
  | { page: 'release'; workspace: string; project: string; stack: string; revision: number };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (first === 'runs' && second) return { page: 'run', id: second };
  if (first === 'w' && second) {
    if (parts[2] === 'p' && parts[4] === 's' && parts[6] === 'r') {
      return {
        page: 'release',
        workspace: second,
        project: parts[3] ?? '',
        stack: parts[5] ?? '',
        revision: Number(parts[7]),
      };
    }
    return { page: 'workspace', workspace: second };
  }
  return { page: 'workspaces' };
}

export function href(route: Route): string {
  const e = encodeURIComponent;
  switch (route.page) {
    case 'workspaces':
      return '#/';
    case 'workspace':
      return `#/w/${e(route.workspace)}`;
    case 'run':
      return `#/runs/${e(route.id)}`;
    case 'release':
      return `#/w/${e(route.workspace)}/p/${e(route.project)}/s/${e(route.stack)}/r/${String(route.revision)}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => {
      setRoute(parseRoute(window.location.hash));
    };
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
    };
  }, []);
  return route;
}
