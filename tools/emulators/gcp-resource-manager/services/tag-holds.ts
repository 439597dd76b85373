/**
 * google.cloud.resourcemanager.v3.TagHolds: holds on a TagValue
 * (`tagValues/{id}/tagHolds/{id}`) that keep it from being deleted while something uses it.
 */
import { randomUUID } from 'node:crypto';
import type { Handler, ServiceImplementation } from '../grpc-server.ts';
import { paginate } from '../pagination.ts';
import { invalidArgument, missingField, notFound } from '../rpc-error.ts';
import { compileQuery } from '../search-query.ts';
import type { TagHoldRecord } from '../store.ts';
import { timestamp, type Paged } from '../wire-types.ts';
import { EMPTY, V3, type Backend } from './backend.ts';

interface TagHoldMessage {
  readonly holder?: string;
  readonly origin?: string;
  readonly help_link?: string;
}
interface CreateTagHoldRequest {
  readonly parent?: string;
  readonly tag_hold?: TagHoldMessage;
  readonly validate_only?: boolean;
}
interface DeleteTagHoldRequest {
  readonly name?: string;
  readonly validate_only?: boolean;
}
interface ListTagHoldsRequest extends Paged {
  readonly parent?: string;
  readonly filter?: string;
}

const MAX_LENGTH = 200;
const HOLD_NAME = /^(tagValues\/[0-9]+)\/tagHolds\/[^/]+$/;

function holdMessage(hold: TagHoldRecord): object {
  return {
    name: hold.name,
    holder: hold.holder,
    ...(hold.origin ? { origin: hold.origin } : {}),
    ...(hold.helpLink ? { help_link: hold.helpLink } : {}),
    create_time: timestamp(hold.createTime),
  };
}

export function tagHoldsService(backend: Backend): ServiceImplementation {
  const { store, access } = backend;

  const createTagHold: Handler<CreateTagHoldRequest> = (request, context) => {
    const value = access.tagValue(request.parent, 'resourcemanager.tagHolds.create', 'parent');
    const requested = request.tag_hold;
    if (!requested) throw missingField('tag_hold');
    if (!requested.holder) throw missingField('tag_hold.holder');
    for (const [field, text] of [
      ['tag_hold.holder', requested.holder],
      ['tag_hold.origin', requested.origin ?? ''],
    ] as const) {
      if (text.length >= MAX_LENGTH) {
        throw invalidArgument(`${field} must be less than ${MAX_LENGTH} characters.`, [
          { field, description: 'too long' },
        ]);
      }
    }
    const hold: TagHoldRecord = {
      name: `${value.name}/tagHolds/${randomUUID()}`,
      holder: requested.holder,
      origin: requested.origin ?? '',
      helpLink: requested.help_link ?? '',
      createTime: new Date(),
    };
    return context.startOperation({
      metadataType: `${V3}.CreateTagHoldMetadata`,
      responseType: `${V3}.TagHold`,
      commit: () => {
        if (!request.validate_only) store.tagHolds.set(hold.name, hold);
        return holdMessage(hold);
      },
    });
  };

  const deleteTagHold: Handler<DeleteTagHoldRequest> = (request, context) => {
    if (!request.name) throw missingField('name');
    const value = HOLD_NAME.exec(request.name)?.[1];
    if (value === undefined) {
      throw invalidArgument(`name must be tagValues/{id}/tagHolds/{id}, got '${request.name}'.`, [
        { field: 'name', description: 'not a TagHold name' },
      ]);
    }
    access.tagValue(value, 'resourcemanager.tagHolds.delete');
    const name = request.name;
    if (!store.tagHolds.has(name)) throw notFound(`TagHold ${name} not found.`);
    return context.startOperation({
      metadataType: `${V3}.DeleteTagHoldMetadata`,
      responseType: EMPTY,
      commit: () => {
        if (!request.validate_only) store.tagHolds.delete(name);
        return {};
      },
    });
  };

  const listTagHolds: Handler<ListTagHoldsRequest> = (request) => {
    const value = access.tagValue(request.parent, 'resourcemanager.tagHolds.list', 'parent');
    const filter = compileQuery(request.filter, filterFields, 'AND');
    const holds = [...store.tagHolds.values()].filter(
      (hold) => hold.name.startsWith(`${value.name}/tagHolds/`) && filter.matches(hold),
    );
    const page = paginate(holds, request);
    return { tag_holds: page.items.map(holdMessage), ...page.next };
  };

  return {
    service: `${V3}.TagHolds`,
    methods: {
      CreateTagHold: createTagHold,
      DeleteTagHold: deleteTagHold,
      ListTagHolds: listTagHolds,
    },
  };
}

const filterFields = {
  isKnown: (field: string) => field === 'holder' || field === 'origin',
  values: (field: string, hold: TagHoldRecord): readonly string[] => [
    field === 'holder' ? hold.holder : hold.origin,
  ],
};
