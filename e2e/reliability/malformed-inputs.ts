/**
 * main.yaml files a user can get wrong, each of which must fail preview and deploy with one line
 * naming main.yaml:line before anything changes. The project around them has deployed
 * `test:database` and `test:app` (which references `test:database.uid`).
 */
export interface MalformedInput {
  readonly name: string;
  readonly text: string;
}

const lines = (...text: string[]): string => `${text.join('\n')}\n`;
const database = [
  '  - id: test:database',
  '    type: Test',
  '    attributes: { engine: postgres }',
];

export const MALFORMED_INPUTS: readonly MalformedInput[] = [
  { name: 'bad indentation', text: lines('resources:', ...database, '     size: small') },
  {
    name: 'an unclosed flow map',
    text: lines(
      'resources:',
      '  - id: a',
      '    type: Test',
      '    attributes: { engine: postgres',
      '  - id: b',
    ),
  },
  { name: 'a tab for indentation', text: lines('resources:', '\t- id: a') },
  {
    name: 'a duplicate key',
    text: lines('resources:', '  - id: a', '    id: b', '    type: Test', '    attributes: {}'),
  },
  { name: 'a missing type', text: lines('resources:', '  - id: a', '    attributes: {}') },
  {
    name: 'a misspelt property',
    text: lines(
      'resources:',
      '  - id: a',
      '    type: Test',
      '    attributes: {}',
      '    dependson: []',
    ),
  },
  {
    name: 'attributes that are a string',
    text: lines('resources:', '  - id: a', '    type: Test', '    attributes: big'),
  },
  {
    name: 'dependsOn that is not a list',
    text: lines('resources:', ...database, '    dependsOn: test:app'),
  },
  { name: 'resources that are not a list', text: lines('resources: { id: a }') },
  {
    name: 'an empty id',
    text: lines('resources:', '  - id: ""', '    type: Test', '    attributes: {}'),
  },
  { name: 'duplicate ids', text: lines('resources:', ...database, ...database) },
  {
    name: 'an id with a newline',
    text: lines('resources:', '  - id: "test:a\\nb"', '    type: Test', '    attributes: {}'),
  },
  {
    name: 'an id with a NUL',
    text: lines('resources:', '  - id: "test:a\\u0000b"', '    type: Test', '    attributes: {}'),
  },
  {
    name: 'a resource depending on itself',
    text: lines('resources:', ...database, '    dependsOn: [test:database]'),
  },
  {
    name: 'a resource referencing itself',
    text: lines(
      'resources:',
      '  - id: a',
      '    type: Test',
      '    attributes: { me: $kusion_path.a.uid }',
    ),
  },
  {
    name: 'a dangling dependsOn',
    text: lines('resources:', ...database, '    dependsOn: [test:nowhere]'),
  },
  {
    name: 'a reference to no resource',
    text: lines(
      'resources:',
      '  - id: a',
      '    type: Test',
      '    attributes: { x: $kusion_path.test:nowhere.uid }',
    ),
  },
  {
    name: 'a cycle',
    text: lines(
      'resources:',
      '  - id: a',
      '    type: Test',
      '    attributes: {}',
      '    dependsOn: [b]',
      '  - id: b',
      '    type: Test',
      '    attributes: {}',
      '    dependsOn: [a]',
    ),
  },
  {
    name: 'a reference to a missing attribute of an unchanged resource',
    text: lines(
      'resources:',
      ...database,
      '  - id: test:app',
      '    type: Test',
      '    attributes: { databaseId: $kusion_path.test:database.hostname }',
    ),
  },
  { name: 'plain text', text: lines('this is not a configuration at all') },
  { name: 'a list at the top', text: lines('- id: a', '- id: b') },
  { name: 'two documents', text: lines('resources: []', '---', 'resources: []') },
  { name: 'an alias without anchor', text: lines('resources: *missing') },
  { name: 'an unknown top-level key', text: lines('resources: []', 'resorces: []') },
];
