/**
 * Block-style YAML for fixtures, as a person would write it. Strings are double-quoted JSON
 * strings, which YAML reads back unchanged; keys stay bare when they safely can.
 */
export function toYaml(value: Readonly<Record<string, unknown>>): string {
  return `${mappingLines(value, 0).join('\n')}\n`;
}

function mappingLines(object: Readonly<Record<string, unknown>>, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    const name = /^[A-Za-z_][\w.-]*$/.test(key) ? key : JSON.stringify(key);
    if (isBlock(value)) lines.push(`${pad}${name}:`, ...blockLines(value, indent + 2));
    else lines.push(`${pad}${name}: ${scalar(value)}`);
  }
  return lines;
}

function blockLines(value: object, indent: number): string[] {
  if (!Array.isArray(value)) return mappingLines(value as Record<string, unknown>, indent);
  const pad = ' '.repeat(indent);
  return (value as unknown[]).flatMap((item) => {
    if (!isBlock(item)) return [`${pad}- ${scalar(item)}`];
    // The first line of a nested block takes the dash; the rest keep its indentation.
    const [first = '', ...rest] = blockLines(item, indent + 2);
    return [`${pad}- ${first.slice(indent + 2)}`, ...rest];
  });
}

function isBlock(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  return Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0;
}

function scalar(value: unknown): string {
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object') return '{}';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return String(value);
  throw new Error(`cannot write ${typeof value} as YAML`);
}
