import { describe, expect, it } from 'vitest';
import { checkModuleSettings } from './workspace-modules.js';
import { parseYamlSource } from './yaml-source.js';

/** `line: message` of every problem of a workspace file's modules. */
function problems(text: string): string[] {
  return checkModuleSettings(parseYamlSource(text, 'dev.yaml')).map(
    (d) => `${String(d.line)}: ${d.message}`,
  );
}

describe("checkModuleSettings: Kusion's rules for modules.<name>", () => {
  it('accepts a default block, patchers each selecting other projects, a package and a version range', () => {
    expect(
      problems(`modules:
  service:
    package: "@acme/kusion-service"
    version: ^1.2.0
    configs:
      default: { replicas: 2 }
      big: { replicas: 5, projectSelector: [shop, billing] }
      small: { replicas: 1, projectSelector: [blog] }
`),
    ).toEqual([]);
  });

  it('refuses a project in two patchers, naming both', () => {
    expect(
      problems(`modules:
  service:
    configs:
      default: { replicas: 2 }
      big: { replicas: 5, projectSelector: [shop] }
      huge:
        replicas: 9
        projectSelector: [blog, shop]
`),
    ).toEqual([
      '8: modules.service.configs.huge.projectSelector[1]: project "shop" is selected by both patcher "big" and patcher "huge": a project may be in at most one patcher of a module; remove it from one of them',
    ]);
  });

  it('refuses a default block that selects projects, a patcher without a selector or without settings', () => {
    expect(
      problems(`modules:
  service:
    configs:
      default: { replicas: 2, projectSelector: [shop] }
      big: { replicas: 5 }
      empty: { projectSelector: [blog] }
      twice: { replicas: 3, projectSelector: [web, web, ""] }
`),
    ).toEqual([
      '4: modules.service.configs.default.projectSelector: "default" is the block every project gets, not a patcher: remove its projectSelector, or move these settings to a patcher with another name',
      '5: modules.service.configs.big: patcher "big" selects no project: give it a non-empty projectSelector (a list of project names), or name it "default" to apply it to every project',
      '6: modules.service.configs.empty: patcher "empty" has no settings besides its projectSelector: add the settings it overrides, or remove it',
      '7: modules.service.configs.twice.projectSelector[1]: project "web" is listed twice in patcher "twice"',
      '7: modules.service.configs.twice.projectSelector[2]: patcher "twice" names an empty project: write a project\'s name',
    ]);
  });

  it("maps Kusion's catalog path, with or without oci://, and says what to write for any other path", () => {
    expect(
      problems(`modules:
  mysql: { path: oci://ghcr.io/kusionstack/mysql, version: 0.2.0 }
  network: { path: ghcr.io/kusionstack/network, version: "0.1" }
  redis: { path: oci://ghcr.io/acme/redis, version: 1.0.0 }
  both: { path: oci://ghcr.io/kusionstack/service, package: "@acme/service" }
`),
    ).toEqual([
      '4: modules.redis.path: "oci://ghcr.io/acme/redis" is not Kusion\'s catalog (oci://ghcr.io/kusionstack/<module>): this Kusion loads modules from npm, so write `package: <npm package>` instead of path (or remove path to use @kusion/module-redis)',
      "5: modules.both.package: set either package (an npm package) or path (Kusion's catalog), not both",
    ]);
  });

  it('refuses a version that is not a semver range, and ill-typed importedResources or healthPolicy', () => {
    expect(
      problems(`modules:
  service:
    version: latest-please
    configs:
      default:
        importedResources: { "v1:Service:shop:web": 42 }
        healthPolicy: "kcl code"
`),
    ).toEqual([
      '3: modules.service.version: "latest-please" is not a semver range the installed package can be checked against; write e.g. "^1.2.0", "1.x" or ">=1.2 <2"',
      '6: modules.service.configs.default.importedResources["v1:Service:shop:web"]: must be the id of the existing object to adopt as "v1:Service:shop:web" (a non-empty string)',
      '7: modules.service.configs.default.healthPolicy: must be an object (a readiness rule, recorded in the extensions of the workload)',
    ]);
  });
});
