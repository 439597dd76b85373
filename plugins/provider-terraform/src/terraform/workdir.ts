/**
 * One Terraform working folder for one operation: a fresh temporary folder with the generated
 * `main.tf.json`, the state rebuilt from our backend, and a CLI configuration that installs
 * providers from the local mirrors only; `terraform init` runs once in it. Removed afterwards,
 * whatever happened: nothing of Terraform's state stays on disk.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TerraformError } from '../errors.js';
import { cliConfiguration } from '../mirror/plugin-mirror.js';
import { describeDiagnostic, parseDiagnostics } from './diagnostics.js';
import type { TerraformDiagnostic } from './diagnostics.js';

const run = promisify(execFile);

/** Plans of big stacks are large JSON documents. */
const MAX_OUTPUT = 256 * 1024 * 1024;

/** Variables of the caller that would make Terraform look elsewhere than where we point it. */
const DROPPED_ENV =
  /^(TF_CLI_CONFIG_FILE|TF_PLUGIN_CACHE_DIR|TF_CLI_ARGS.*|TF_DATA_DIR|TF_WORKSPACE|TF_INPUT)$/;

export interface WorkdirRequest {
  readonly terraformPath: string;
  readonly pluginDirs: readonly string[];
  /** `main.tf.json`. */
  readonly moduleText: string;
  /** `terraform.tfstate`, when something is recorded. */
  readonly stateText: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** Diagnostics of a `-json` run. */
  readonly diagnostics: readonly TerraformDiagnostic[];
}

export interface Workdir {
  readonly dir: string;
  /** Runs terraform; a non-zero exit is returned, not thrown (callers map it per resource). */
  run(args: readonly string[]): Promise<CommandResult>;
  /** `terraform.tfstate` as the last command left it. */
  readState(): Promise<string | undefined>;
}

/** Runs `use` in an initialised working folder, and removes the folder after. */
export async function withWorkdir<T>(
  request: WorkdirRequest,
  use: (workdir: Workdir) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-terraform-'));
  try {
    const cliConfig = join(dir, '.terraformrc');
    await writeFile(cliConfig, cliConfiguration(request.pluginDirs), { mode: 0o600 });
    await writeFile(join(dir, 'main.tf.json'), request.moduleText, { mode: 0o600 });
    if (request.stateText !== undefined)
      await writeFile(join(dir, 'terraform.tfstate'), request.stateText, { mode: 0o600 });
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !DROPPED_ENV.test(name)),
      ),
      ...request.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
    };
    const workdir: Workdir = {
      dir,
      run: (args) =>
        runTerraform(request.terraformPath, args, { cwd: dir, env, signal: request.signal }),
      async readState() {
        try {
          return await readFile(join(dir, 'terraform.tfstate'), 'utf8');
        } catch {
          return undefined;
        }
      },
    };
    const init = await workdir.run(['init', '-input=false', '-no-color']);
    if (init.exitCode !== 0) {
      throw new TerraformError(
        'TERRAFORM_FAILED',
        `terraform init failed: ${lastLines(init.stderr || init.stdout)}`,
        {
          hint: 'the providers are installed from the plugin mirrors only (providers.terraform.pluginDirs, TF_PLUGIN_CACHE_DIR); check that they hold the provider for this platform',
        },
      );
    }
    return await use(workdir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runTerraform(
  terraformPath: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly signal: AbortSignal },
): Promise<CommandResult> {
  options.signal.throwIfAborted();
  try {
    const { stdout, stderr } = await run(terraformPath, [...args], {
      cwd: options.cwd,
      env: options.env,
      signal: options.signal,
      maxBuffer: MAX_OUTPUT,
      // Terraform stops its providers cleanly on SIGINT, as on Ctrl-C.
      killSignal: 'SIGINT',
    });
    return { stdout, stderr, exitCode: 0, diagnostics: parseDiagnostics(stdout) };
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & {
      stdout?: string;
      stderr?: string;
      code?: unknown;
    };
    if (failed.code === 'ENOENT' || failed.code === 'EACCES') {
      throw new TerraformError(
        'TERRAFORM_NOT_FOUND',
        `the terraform binary "${terraformPath}" cannot be run (${failed.code})`,
        {
          hint: 'install Terraform >= 1.5 on PATH, or set providers.terraform.terraformPath to its binary',
        },
      );
    }
    if (options.signal.aborted) throw options.signal.reason;
    const stdout = failed.stdout ?? '';
    return {
      stdout,
      stderr: failed.stderr ?? '',
      exitCode: typeof failed.code === 'number' ? failed.code : 1,
      diagnostics: parseDiagnostics(stdout),
    };
  }
}

/** What a failed run says, in one line: its error diagnostics, else the end of its output. */
export function failureText(result: CommandResult): string {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return errors.map(describeDiagnostic).join('; ');
  return lastLines(result.stderr || result.stdout);
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-8).join(' ').replace(/\s+/g, ' ');
}
