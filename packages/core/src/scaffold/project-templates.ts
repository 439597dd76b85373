/**
 * What `kusion init --template <name>` writes: a project, one stack and a workspace file to deploy
 * it with. `raw-resources` (the default) needs nothing but the CLI; `quickstart` and
 * `service-postgres` are AppConfigurations the catalog modules turn into Kubernetes objects.
 */

export interface TemplateInput {
  readonly name: string;
  readonly stack: string;
}

export interface ProjectTemplate {
  readonly name: string;
  readonly description: string;
  /** The stack's files, by path relative to the project (besides project.yaml and stack.yaml). */
  files(input: TemplateInput): Readonly<Record<string, string>>;
  /** What to run before `workspace create` (e.g. a secret the workspace names), shell lines. */
  readonly setup?: (input: TemplateInput) => readonly string[];
}

const KUBERNETES_WORKSPACE = [
  'providers:',
  '  kubernetes:',
  '    kubeconfig: ~/.kube/config # and `context: <name>` to pick another than the current one',
];

const rawResources: ProjectTemplate = {
  name: 'raw-resources',
  description:
    'resources written in the Spec shape, deployed by the test provider (JSON files): needs no cloud',
  files: ({ stack }) => ({
    [`${stack}/main.yaml`]: [
      '# Resources in the Spec shape. `$kusion_path.<id>.<path>` references another resource.',
      'resources:',
      '  - id: test:database',
      '    type: Test',
      '    attributes:',
      '      engine: postgres',
      '      size: small',
      '  - id: test:app',
      '    type: Test',
      '    attributes:',
      '      image: nginx:1.27',
      '      replicas: 2',
      '      databaseId: $kusion_path.test:database.uid',
      '',
    ].join('\n'),
    [`workspaces/${stack}.yaml`]: [
      '# A workspace: platform settings for one environment. Create it with:',
      `#   kusion workspace create ${stack} -f workspaces/${stack}.yaml`,
      'providers:',
      '  test:',
      '    package: "@kusion/testkit"',
      '    dir: .kusion/test-cloud',
      '',
    ].join('\n'),
  }),
};

const quickstart: ProjectTemplate = {
  name: 'quickstart',
  description:
    "Kusion's quickstart: a service (module service) reachable on a public port (module network), on Kubernetes",
  files: ({ name, stack }) => ({
    [`${stack}/main.yaml`]: [
      '# yaml-language-server: $schema=../stack.schema.json',
      '# An AppConfiguration: what the app needs. The workspace decides how (`kusion mod schema` writes',
      '# stack.schema.json, which your editor checks this file against).',
      'apps:',
      `  ${name}:`,
      '    workload:',
      '      type: service # turned into a Deployment by the `service` module',
      '      containers:',
      '        web:',
      '          image: gcr.io/google-samples/gb-frontend:v5',
      '      replicas: 1',
      '    accessories:',
      '      network:',
      '        module: network # a Service for these ports',
      '        ports:',
      '          - port: 80',
      '            public: true',
      '',
    ].join('\n'),
    [`workspaces/${stack}.yaml`]: [
      '# A workspace: platform settings for one environment. Create it with:',
      `#   kusion workspace create ${stack} -f workspaces/${stack}.yaml`,
      ...KUBERNETES_WORKSPACE,
      'modules:',
      '  service:',
      '    configs:',
      '      default:',
      '        replicas: 1',
      '  network: {}',
      '',
    ].join('\n'),
  }),
};

const servicePostgres: ProjectTemplate = {
  name: 'service-postgres',
  description:
    'a service with a PostgreSQL database (module postgres): a StatefulSet in this workspace, RDS in an AWS one',
  files: ({ name, stack }) => ({
    [`${stack}/main.yaml`]: [
      '# yaml-language-server: $schema=../stack.schema.json',
      '# The app asks for a database; the workspace says which kind (`type: local` or `aws`).',
      '# The module hands the workload DB_HOST, DB_PORT, DB_USER, DB_PASSWORD and DB_NAME.',
      'apps:',
      `  ${name}:`,
      '    workload:',
      '      type: service',
      '      containers:',
      '        web:',
      "          image: nginx:1.27 # your app's image",
      '    accessories:',
      '      db:',
      '        module: postgres',
      '        version: "16"',
      '',
    ].join('\n'),
    [`workspaces/${stack}.yaml`]: [
      '# A workspace: platform settings for one environment. Create it with:',
      `#   kusion workspace create ${stack} -f workspaces/${stack}.yaml`,
      ...KUBERNETES_WORKSPACE,
      'modules:',
      '  postgres:',
      '    configs:',
      '      default:',
      '        type: local # `aws` (with instanceType: db.t3.micro) in a workspace with providers.aws',
      '# The local database password is derived from this secret: ref:// values are never stored.',
      'secretStore:',
      '  provider: env # ref://NAME reads the environment variable NAME',
      'context:',
      '  databasePasswordSeed: ref://KUSION_DB_PASSWORD_SEED',
      '',
    ].join('\n'),
  }),
  setup: () => ['export KUSION_DB_PASSWORD_SEED="$(openssl rand -base64 32)"'],
};

export const PROJECT_TEMPLATES: readonly ProjectTemplate[] = [
  quickstart,
  servicePostgres,
  rawResources,
];

export const DEFAULT_TEMPLATE = rawResources.name;

export function findTemplate(name: string): ProjectTemplate | undefined {
  return PROJECT_TEMPLATES.find((template) => template.name === name);
}
