import { useState } from 'react';
import { api, ApiError, storeToken } from '../api.js';
import type { Me } from '../api.js';

export function LoginPage({ onLogin }: { onLogin: (me: Me) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (): Promise<void> => {
    storeToken(token.trim());
    try {
      onLogin(await api<Me>('/api/me'));
    } catch (caught) {
      storeToken(null);
      setError(
        caught instanceof ApiError ? `${caught.message}. ${caught.hint ?? ''}` : String(caught),
      );
    }
  };
  return (
    <main className="login">
      <h1>Kusion</h1>
      <p className="muted">
        Sign in with a token from <code>kusion serve token create --role viewer</code>.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit().catch(() => undefined);
        }}
      >
        <input
          type="password"
          placeholder="kusion_…"
          aria-label="Token"
          data-testid="token"
          value={token}
          onChange={(event) => {
            setToken(event.target.value);
          }}
        />
        <button type="submit" data-testid="sign-in">
          Sign in
        </button>
      </form>
      {error && <p className="error">{error}</p>}
    </main>
  );
}
