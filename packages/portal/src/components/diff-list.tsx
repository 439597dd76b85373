import type { DiffEntry } from '../api.js';

const SIGN: Record<string, string> = {
  Create: '+',
  Update: '~',
  Replace: '±',
  Delete: '-',
  UnChanged: ' ',
  added: '+',
  changed: '~',
  removed: '-',
};

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One resource's change: its action and, below, each field that changes. */
export function ResourceChange(props: {
  id: string;
  type: string;
  action: string;
  reason?: string;
  diff: DiffEntry[];
}) {
  return (
    <li className={`change change-${props.action.toLowerCase()}`} data-testid="change">
      <div>
        <span className="sign">{SIGN[props.action] ?? '?'}</span> <strong>{props.id}</strong>{' '}
        <span className="muted">
          {props.type} · {props.action}
          {props.reason ? ` · ${props.reason}` : ''}
        </span>
      </div>
      {props.diff.length > 0 && (
        <ul className="fields">
          {props.diff.map((entry) => (
            <li key={entry.path}>
              <code>{entry.path}</code>{' '}
              {entry.kind === 'add' && <span className="add">{show(entry.after)}</span>}
              {entry.kind === 'remove' && <span className="remove">{show(entry.before)}</span>}
              {entry.kind === 'change' && (
                <>
                  <span className="remove">{show(entry.before)}</span> →{' '}
                  <span className="add">{show(entry.after)}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
