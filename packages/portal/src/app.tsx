import { useEffect, useState } from 'react';
import { api, storedToken, storeToken } from './api.js';
import type { Me } from './api.js';
import { href, useRoute } from './route.js';
import { LoginPage } from './pages/login-page.js';
import { ReleasePage } from './pages/release-page.js';
import { RunPage } from './pages/run-page.js';
import { WorkspacePage } from './pages/workspace-page.js';
import { WorkspacesPage } from './pages/workspaces-page.js';

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const route = useRoute();
  useEffect(() => {
    if (!storedToken()) {
      setMe(null);
      return;
    }
    api<Me>('/api/me').then(setMe, () => {
      setMe(null);
    });
  }, []);
  if (me === undefined) return <p className="muted">Loading…</p>;
  if (me === null) return <LoginPage onLogin={setMe} />;
  return (
    <>
      <header className="top">
        <a href={href({ page: 'workspaces' })} className="brand">
          Kusion
        </a>
        <span className="who" data-testid="who">
          {me.name} · {me.role}
          <button
            className="link"
            onClick={() => {
              storeToken(null);
              setMe(null);
            }}
          >
            sign out
          </button>
        </span>
      </header>
      <main>
        {route.page === 'workspaces' && <WorkspacesPage />}
        {route.page === 'workspace' && <WorkspacePage workspace={route.workspace} me={me} />}
        {route.page === 'run' && <RunPage id={route.id} me={me} />}
        {route.page === 'release' && <ReleasePage {...route} />}
      </main>
    </>
  );
}
