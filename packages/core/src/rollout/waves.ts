/**
 * Which workspaces a rollout deploys, in which waves: `dev,[eu,us],prod` on the command line (a
 * bracketed group is one wave deployed in parallel), or `rollout.yaml` in the project folder.
 */
import { join } from 'node:path';
import { assertWorkspaceName } from '@kusion/backend-kit';
import { ConfigError, KusionError } from '@kusion/sdk';
import type { Diagnostic } from '@kusion/sdk';
import ms from 'ms';
import { isFile } from '../config/file-system.js';
import { assertValidSource } from '../config/schema-validation.js';
import { diagnosticAt } from '../config/source-file.js';
import type { SourceFile } from '../config/source-file.js';
import { readUserYamlFile } from '../config/yaml-source.js';

export const ROLLOUT_FILE = 'rollout.yaml';

export interface WaveSpec {
  readonly name: string;
  readonly workspaces: readonly string[];
  /** Ask a person before this wave. */
  readonly pause: boolean;
  /** Wait this long after the previous wave. */
  readonly bakeMs: number;
}

/** What `rollout.yaml` says; flags given on the command line win over its options. */
export interface RolloutFile {
  readonly file: string;
  readonly waves: readonly WaveSpec[];
  readonly allStacks?: boolean;
  readonly pause?: boolean;
  readonly readiness?: boolean;
  readonly rollbackOnFailure?: boolean;
}

const SYNTAX =
  'workspaces separated by commas, a bracketed group deployed in parallel, e.g. dev,[eu,us],prod';

/** Parses `dev,[eu,us],prod` into waves; a malformed list fails naming where. */
export function parseWaveList(text: string): WaveSpec[] {
  const waves: string[][] = [];
  let group: string[] | undefined;
  let token = '';
  const fail = (problem: string, at: number): never => {
    throw new KusionError(
      'INVALID_ARGUMENT',
      `invalid value "${text}" for --workspaces: ${problem} at character ${at + 1}`,
      { hint: `expected ${SYNTAX}` },
    );
  };
  const flush = (at: number): void => {
    const name = token.trim();
    token = '';
    if (name === '') fail('an empty workspace name', at);
    if (group) group.push(name);
    else waves.push([name]);
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '[') {
      if (group) fail('a "[" inside a group', index);
      if (token.trim() !== '') fail('a "[" after a name', index);
      group = [];
    } else if (char === ']') {
      if (!group) fail('a "]" without its "["', index);
      flush(index);
      if (group) waves.push(group);
      group = undefined;
      while (text[index + 1] === ' ') index++;
      const next = text[index + 1];
      if (next !== undefined && next !== ',') fail('text after "]"', index + 1);
      if (next === ',') index++;
    } else if (char === ',') {
      flush(index);
    } else {
      token += char ?? '';
    }
  }
  if (group) fail('a "[" without its "]"', text.length - 1);
  if (token.trim() !== '' || text.trim() === '' || text.trim().endsWith(','))
    flush(text.length - 1);
  return checkWaves(waves.map((workspaces, index) => wave(index, workspaces)));
}

function wave(
  index: number,
  workspaces: readonly string[],
  extra: Partial<WaveSpec> = {},
): WaveSpec {
  return { name: `wave-${index + 1}`, workspaces, pause: false, bakeMs: 0, ...extra };
}

/** Every name valid, and each workspace in one wave only. */
function checkWaves(waves: readonly WaveSpec[]): WaveSpec[] {
  const seen = new Set<string>();
  for (const { workspaces } of waves) {
    for (const name of workspaces) {
      assertWorkspaceName(name);
      if (seen.has(name)) {
        throw new KusionError(
          'INVALID_ARGUMENT',
          `workspace "${name}" is named twice in --workspaces`,
          { hint: 'each workspace is deployed once, in one wave' },
        );
      }
      seen.add(name);
    }
  }
  return [...waves];
}

/** The project's `rollout.yaml`, or `file` when given; undefined when there is none. */
export async function loadRolloutFile(
  projectDir: string,
  file?: string,
): Promise<RolloutFile | undefined> {
  const path = file ?? join(projectDir, ROLLOUT_FILE);
  if (file === undefined && !(await isFile(path))) return undefined;
  const source = await readUserYamlFile(path, 'pass the path of a rollout.yaml (waves, options)');
  await assertValidSource('rollout', source, [repeatedWorkspaces, invalidBakeTimes]);
  const value = source.value as {
    waves: { name?: string; workspaces: string[]; pause?: boolean; bake?: string }[];
    allStacks?: boolean;
    pause?: boolean;
    readiness?: boolean;
    rollbackOnFailure?: boolean;
  };
  const { waves, ...options } = value;
  return {
    file: source.file,
    waves: waves.map((entry, index) =>
      wave(index, entry.workspaces, {
        ...(entry.name === undefined ? {} : { name: entry.name }),
        pause: entry.pause ?? false,
        bakeMs: entry.bake === undefined ? 0 : (parseBake(entry.bake) ?? 0),
      }),
    ),
    ...options,
  };
}

function parseBake(text: string): number | undefined {
  const value = ms(text as ms.StringValue) as number | undefined;
  return value === undefined || Number.isNaN(value) || value < 0 ? undefined : value;
}

function wavesOf(source: SourceFile): { workspaces?: unknown; bake?: unknown }[] {
  const waves: unknown = (source.value as { waves?: unknown } | null)?.waves;
  if (!Array.isArray(waves)) return [];
  return waves.map((entry: unknown) =>
    typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {},
  );
}

function repeatedWorkspaces(source: SourceFile): Diagnostic[] {
  const seen = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  wavesOf(source).forEach((entry, waveIndex) => {
    if (!Array.isArray(entry.workspaces)) return;
    entry.workspaces.forEach((name: unknown, index) => {
      if (typeof name !== 'string') return;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, waveIndex);
      else
        diagnostics.push(
          diagnosticAt(
            source,
            ['waves', waveIndex, 'workspaces', index],
            `workspace "${name}" is already in waves[${first}]; each workspace is deployed in one wave`,
          ),
        );
    });
  });
  return diagnostics;
}

function invalidBakeTimes(source: SourceFile): Diagnostic[] {
  return wavesOf(source).flatMap((entry, index) =>
    typeof entry.bake === 'string' && parseBake(entry.bake) === undefined
      ? [
          diagnosticAt(
            source,
            ['waves', index, 'bake'],
            `must be a duration such as 30s, 10m or 1h, received ${JSON.stringify(entry.bake)}`,
          ),
        ]
      : [],
  );
}

/** The waves to run: the flag's, else the file's; neither is an error that says how to give them. */
export function chooseWaves(
  flag: string | undefined,
  file: RolloutFile | undefined,
): readonly WaveSpec[] {
  if (flag !== undefined) return parseWaveList(flag);
  if (file) return file.waves;
  throw new ConfigError(
    [{ message: `no workspaces to roll out to: no --workspaces and no ${ROLLOUT_FILE}` }],
    {
      hint: `pass --workspaces dev,[eu,us],prod, or write ${ROLLOUT_FILE} in the project folder (waves: [{ workspaces: [dev] }, ...])`,
    },
  );
}
