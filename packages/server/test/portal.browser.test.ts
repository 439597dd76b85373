/**
 * The portal in a real browser (Debian's Chromium driven by playwright-core) against a real
 * server: sign in with a token, open a workspace, preview, confirm a deploy, watch it finish, see
 * the release and its graph, and the commit of the git source it ran from. Screenshots of each page are kept as test artifacts in
 * `.artifacts/portal/` (outside git); with KUSION_UPDATE_SCREENSHOTS=1 the workspace and release
 * pages are also written to `docs/` for the README.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { SECRET, startScratchServer } from './support/scratch-server.js';
import type { ScratchServer } from './support/scratch-server.js';

const REPO = resolve(import.meta.dirname, '../../..');
const ARTIFACTS = join(REPO, '.artifacts', 'portal');
const DOCS = join(REPO, 'docs');

/** Debian's Chromium (`apt-get install chromium`; tools/setup/install-test-deps.sh does it). */
function chromiumPath(): string {
  const fromEnv = process.env.KUSION_CHROMIUM;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error(
      "no Chromium found: install Debian's (`apt-get install chromium`, as tools/setup/install-test-deps.sh does) or set KUSION_CHROMIUM",
    );
  }
}

let scratch: ScratchServer;
let browser: BrowserContext | undefined;
let profile: string | undefined;

beforeAll(async () => {
  // Served from a git checkout: the run and release pages name the commit.
  scratch = await startScratchServer({ latencyMs: 400, fromGit: true });
  profile = await mkdtemp(join(tmpdir(), 'kusion-chromium-'));
  // A fresh profile (--user-data-dir) per run: nothing from an earlier run or a person's browser.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1180, height: 760 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await scratch.close();
});

async function screenshot(page: Page, name: string, forDocs = false): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (forDocs && process.env.KUSION_UPDATE_SCREENSHOTS === '1') {
    await mkdir(DOCS, { recursive: true });
    await page.screenshot({ path: join(DOCS, `portal-${name}.png`) });
  }
}

/** Runs (a preview, a deploy) may queue behind other suites' work on a loaded 2-core CI machine. */
const RUN_WAIT = { timeout: 90_000 };

describe('the portal', { timeout: 300_000 }, () => {
  it('signs in, previews, deploys with confirmation, and shows the release and its graph', async () => {
    if (!browser) throw new Error('the browser did not start');
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    // What the page showed when a step timed out, kept with the other screenshots.
    onTestFailed(async () => {
      await page.screenshot({ path: join(ARTIFACTS, 'failure.png'), fullPage: true });
    });

    await page.goto(scratch.server.url);
    await page.getByTestId('token').fill(scratch.tokens.deployer);
    await page.getByTestId('sign-in').click();
    await expect.poll(() => page.getByTestId('who').textContent()).toContain('dana-deployer');

    await page.getByRole('link', { name: 'dev', exact: true }).click();
    await expect.poll(() => page.getByTestId('workspace-title').textContent()).toBe('dev');
    await page.getByTestId('stack-shop-dev').getByTestId('preview').click();

    // The preview's plan: three resources to create, the secret masked.
    await page.getByTestId('deploy').waitFor(RUN_WAIT);
    expect(await page.getByTestId('change').count()).toBe(3);
    expect(await page.content()).not.toContain(SECRET);
    await screenshot(page, 'preview');

    await page.getByTestId('deploy').click();
    await page.getByTestId('confirm-deploy').click();
    await page.getByTestId('progress').waitFor();
    await screenshot(page, 'deploy-live');
    await page.getByTestId('release-link').waitFor(RUN_WAIT);
    expect(await page.getByTestId('status').first().textContent()).toBe('succeeded');
    expect(await page.getByTestId('progress').textContent()).toContain('3/3 done');
    const commit = scratch.commit?.slice(0, 12) ?? '?';
    expect(await page.getByTestId('run-commit').textContent()).toBe(`scratch main @ ${commit}`);

    await page.getByTestId('release-link').click();
    await expect
      .poll(() => page.getByTestId('release-title').textContent())
      .toContain('Release #1');
    expect(await page.getByTestId('release-user').textContent()).toBe('dana-deployer');
    await expect.poll(() => page.getByTestId('run-commit').textContent()).toContain(commit);
    await page.getByTestId('graph').waitFor();
    await expect.poll(() => page.getByTestId('graph-node').count()).toBe(3);
    await page.getByTestId('timings').waitFor();
    expect(await page.content()).not.toContain(SECRET);
    await screenshot(page, 'release', true);

    // A drift check from the workspace page, then its badge on the workspaces page.
    await page.getByRole('link', { name: 'dev', exact: true }).first().click();
    await page.getByTestId('stack-shop-dev').getByTestId('check-drift').click();
    await expect.poll(() => page.getByTestId('status').first().textContent()).toBe('succeeded');
    await page.getByRole('link', { name: 'Workspaces' }).first().click();
    await page.getByTestId('workspace-dev').getByText('in sync').waitFor();
    await screenshot(page, 'workspaces', true);
    expect(failures).toEqual([]);
  });
});
