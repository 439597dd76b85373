/**
 * A thin HTTP server on loopback in front of moto. CloudFormation calls moto lacks (drift
 * detection, failed deployments and their rollback, per-resource stack events) are answered here as
 * AWS documents them (query protocol XML, status codes, error bodies); everything else — other
 * CloudFormation actions and every other service — is forwarded to moto unchanged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createInterposerState,
  describeStack,
  resetInterposerState,
  validationError,
  xmlAnswer,
} from './action-context.ts';
import type { ActionContext, ActionHandler, Answer, InterposerState } from './action-context.ts';
import {
  describeStackDriftDetectionStatus,
  describeStackResourceDrifts,
  detectStackDrift,
} from './drift-detection.ts';
import { encodeXml, members, parseXml, queryResponse, textOf } from './query-xml.ts';
import { eventsXml, mergeEvents } from './stack-events.ts';
import type { StackEvent } from './stack-events.ts';
import { deleteStack, executeChangeSet, upstreamAnswer } from './stack-operations.ts';
import { createSecrets } from './secret-stand-in.ts';
import { fromMotoTemplate, parseTemplate, toMotoTemplate } from './template-rules.ts';
import { callerOf, send } from './upstream.ts';

export interface CloudFormationInterposerOptions {
  /** moto's endpoint, e.g. `http://127.0.0.1:5000`. */
  readonly upstream: string;
  /** Default: a free port. */
  readonly port?: number;
}

export interface CloudFormationInterposer {
  /** `http://127.0.0.1:PORT`: give it to clients as their AWS endpoint. */
  readonly endpoint: string;
  readonly port: number;
  /** How many calls of each action the interposer intercepted (other calls go straight to moto). */
  readonly answered: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/** Template bodies go to moto in the form it can deploy. */
const withMotoTemplate: ActionHandler = async (context) => {
  const body = context.params.get('TemplateBody');
  const stack = context.params.get('StackName') ?? '';
  const action = context.params.get('Action');
  const isUpdate =
    action === 'UpdateStack' ||
    (action === 'CreateChangeSet' && context.params.get('ChangeSetType') !== 'CREATE');
  if (isUpdate && context.state.overrides.size) {
    const current = await describeStack(context, stack);
    if (current && context.state.overrides.get(current.stackId)?.status === 'ROLLBACK_COMPLETE') {
      return validationError(
        `Stack:${current.stackId} is in ROLLBACK_COMPLETE state and can not be updated.`,
      );
    }
  }
  const params = new URLSearchParams(context.params);
  if (body !== null) params.set('TemplateBody', toMotoTemplate(body, stack));
  const answer = await context.forward(params);
  if (answer.status === 200 && body !== null && action !== 'CreateChangeSet')
    await createSecrets(context, parseTemplate(body), stack);
  if (answer.status === 200 && body !== null && action === 'CreateChangeSet') {
    const result = parseXml(answer.body.toString('utf8'));
    const id = textOf(result, 'Id');
    if (id !== undefined) context.state.changeSetTemplates.set(id, body);
    context.state.changeSetTemplates.set(
      `${stack}|${context.params.get('ChangeSetName') ?? ''}`,
      body,
    );
  }
  if (answer.status === 200 && action === 'UpdateStack')
    context.state.overrides.delete(textOf(parseXml(answer.body.toString('utf8')), 'StackId') ?? '');
  return upstreamAnswer(answer);
};

/** Templates come back as CloudFormation documents them. */
const getTemplate: ActionHandler = async (context) => {
  const answer = await context.forward();
  if (answer.status !== 200) return upstreamAnswer(answer);
  const xml = answer.body.toString('utf8');
  const body = textOf(parseXml(xml), 'TemplateBody');
  if (body === undefined) return upstreamAnswer(answer);
  return xmlAnswer(
    xml.replace(
      /<TemplateBody>[\s\S]*?<\/TemplateBody>/,
      `<TemplateBody>${encodeXml(fromMotoTemplate(body))}</TemplateBody>`,
    ),
  );
};

/** Statuses moto cannot reach (rolled back) replace moto's for the stacks concerned. */
const describeStacks: ActionHandler = async (context) => {
  const answer = await context.forward();
  if (answer.status !== 200 || !context.state.overrides.size) return upstreamAnswer(answer);
  let xml = answer.body.toString('utf8');
  for (const [stackId, override] of context.state.overrides) {
    xml = xml.replace(
      new RegExp(
        `(<member>(?:(?!</member>)[\\s\\S])*?<StackId>${escapeRegExp(stackId)}</StackId>[\\s\\S]*?)<StackStatus>[^<]*</StackStatus>`,
      ),
      (_whole, head: string) =>
        `${head}<StackStatus>${override.status}</StackStatus><StackStatusReason>${encodeXml(override.reason)}</StackStatusReason>`,
    );
  }
  return xmlAnswer(xml);
};

/** moto's events merged with the interposer's, newest first. */
const describeStackEvents: ActionHandler = async (context) => {
  const answer = await context.forward();
  if (answer.status !== 200) return upstreamAnswer(answer);
  const upstream: StackEvent[] = members(parseXml(answer.body.toString('utf8')), 'StackEvents').map(
    (event) => ({
      StackId: event['StackId'] ?? '',
      StackName: event['StackName'] ?? '',
      EventId: event['EventId'] ?? '',
      LogicalResourceId: event['LogicalResourceId'] ?? '',
      PhysicalResourceId: event['PhysicalResourceId'] ?? '',
      ResourceType: event['ResourceType'] ?? '',
      Timestamp: event['Timestamp'] ?? '',
      ResourceStatus: event['ResourceStatus'] ?? '',
      ResourceStatusReason: event['ResourceStatusReason'],
    }),
  );
  const stackId = upstream[0]?.StackId;
  const added = stackId === undefined ? [] : (context.state.events.get(stackId) ?? []);
  return xmlAnswer(queryResponse('DescribeStackEvents', eventsXml(mergeEvents(upstream, added))));
};

const HANDLERS: ReadonlyMap<string, ActionHandler> = new Map([
  ['CreateChangeSet', withMotoTemplate],
  ['CreateStack', withMotoTemplate],
  ['UpdateStack', withMotoTemplate],
  ['GetTemplate', getTemplate],
  ['DescribeStacks', describeStacks],
  ['DescribeStackEvents', describeStackEvents],
  ['ExecuteChangeSet', executeChangeSet],
  ['DeleteStack', deleteStack],
  ['DetectStackDrift', detectStackDrift],
  ['DescribeStackDriftDetectionStatus', describeStackDriftDetectionStatus],
  ['DescribeStackResourceDrifts', describeStackResourceDrifts],
]);

export async function startCloudFormationInterposer(
  options: CloudFormationInterposerOptions,
): Promise<CloudFormationInterposer> {
  const upstream = new URL(options.upstream);
  const state: InterposerState = createInterposerState();
  const answered = new Map<string, number>();
  const server = http.createServer((request, response) => {
    handle(request, upstream, state, answered).then(
      (answer) => {
        reply(response, answer);
      },
      (error: unknown) => {
        reply(response, {
          status: 500,
          body: `interposer: ${error instanceof Error ? error.message : String(error)}`,
        });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: http.IncomingMessage,
  upstream: URL,
  state: InterposerState,
  answered: Map<string, number>,
): Promise<Answer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const method = request.method ?? 'GET';
  const path = request.url ?? '/';
  const forward = (params?: URLSearchParams) => {
    const payload = params ? params.toString() : body;
    const headers = { ...request.headers, 'content-length': String(Buffer.byteLength(payload)) };
    return send(upstream, method, path, headers, payload);
  };
  // moto forgets everything on reset: so does the interposer.
  if (method === 'POST' && path.startsWith('/moto-api/reset')) resetInterposerState(state);
  const caller = callerOf(request.headers);
  const isQuery =
    method === 'POST' &&
    (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  if (caller?.service === 'cloudformation' && isQuery) {
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    const handler = HANDLERS.get(action);
    if (handler) {
      answered.set(action, (answered.get(action) ?? 0) + 1);
      const context: ActionContext = { upstream, state, caller, params, forward };
      return handler(context);
    }
  }
  return upstreamAnswer(await forward());
}

function reply(response: http.ServerResponse, answer: Answer): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answer.headers ?? {})) {
    if (
      value === undefined ||
      ['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(
        name.toLowerCase(),
      )
    )
      continue;
    headers[name] = value;
  }
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
  headers['content-length'] = String(body.length);
  response.writeHead(answer.status, headers);
  response.end(body);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
