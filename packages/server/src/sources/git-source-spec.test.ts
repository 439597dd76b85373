import { describe, expect, it } from 'vitest';
import { checkUniqueNames, parseGitSource } from './git-source-spec.js';

describe('parseGitSource', () => {
  it.each([
    [
      'https://git.example.com/platform/apps.git//teams/shop?ref=main',
      {
        name: 'apps-teams-shop',
        url: 'https://git.example.com/platform/apps.git',
        ref: 'main',
        path: 'teams/shop',
      },
    ],
    [
      'https://git.example.com/platform/apps.git',
      { name: 'apps', url: 'https://git.example.com/platform/apps.git', ref: 'HEAD', path: '.' },
    ],
    [
      'git@github.com:org/infra.git//stacks?ref=v1.2.0&name=infra',
      { name: 'infra', url: 'git@github.com:org/infra.git', ref: 'v1.2.0', path: 'stacks' },
    ],
    [
      'ssh://git@git.example.com:2222/org/infra.git?ref=0123456789abcdef0123456789abcdef01234567',
      {
        name: 'infra',
        url: 'ssh://git@git.example.com:2222/org/infra.git',
        ref: '0123456789abcdef0123456789abcdef01234567',
        path: '.',
      },
    ],
    [
      'file:///srv/git/apps.git//a/./b/?ref=release/2025-06',
      { name: 'apps-a-b', url: 'file:///srv/git/apps.git', ref: 'release/2025-06', path: 'a/b' },
    ],
    ['/srv/git/apps.git', { name: 'apps', url: '/srv/git/apps.git', ref: 'HEAD', path: '.' }],
  ])('reads %s', (value, expected) => {
    expect(parseGitSource(value)).toEqual(expected);
  });

  it('refuses credentials in an http URL, without echoing them', () => {
    for (const value of [
      'https://alice:s3cr3t-pass@git.example.com/apps.git?ref=main',
      'https://ghp_t0ken1234@git.example.com/apps.git',
    ]) {
      let caught: unknown;
      try {
        parseGitSource(value);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'INVALID_ARGUMENT' });
      const { message, hint } = caught as { message: string; hint: string };
      expect(message).toContain('carries credentials');
      expect(`${message} ${hint}`).not.toMatch(/s3cr3t-pass|ghp_t0ken1234/);
      expect(hint).toContain('credential helper');
    }
  });

  it('keeps credentials out of the message of a value refused for another reason', () => {
    expect(() => parseGitSource('https://alice:s3cr3t@git.example.com/a.git?branch=main')).toThrow(
      /^invalid --git-source "https:\/\/\*\*\*@git\.example\.com\/a\.git\?branch=main": unknown parameter "branch"/,
    );
  });

  it.each([
    ['https://h/a.git?ref=--upload-pack=evil', /is not a branch, tag or commit id/],
    ['https://h/a.git?ref=main..dev', /is not a branch, tag or commit id/],
    ['https://h/a.git//../../etc', /leaves the repository/],
    ['ext::sh%20-c%20evil', /only https, http, ssh, git and file URLs/],
    ['ftp://h/a.git', /"ftp" transport is not served/],
    ['-u evil', /missing or malformed/],
    ['https://h/a.git?name=no spaces', /is not a name/],
  ])('refuses %s', (value, message) => {
    expect(() => parseGitSource(value)).toThrow(message);
  });

  it('refuses two sources with one name, saying how to name them', () => {
    const sources = [
      parseGitSource('/srv/apps.git?ref=main'),
      parseGitSource('/srv/apps.git?ref=v1'),
    ];
    expect(() => {
      checkUniqueNames(sources);
    }).toThrow(/two git sources are named "apps"/);
  });
});
