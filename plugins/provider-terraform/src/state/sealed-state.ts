/**
 * Terraform's state, kept in our backend and never in clear: after each apply, every resource's
 * part of `terraform.tfstate` (its resource object: instances, private data, dependencies) is
 * sealed with the engine's release key and recorded with the resource, under one attribute. Before
 * each run the state file is rebuilt from the recorded resources, so Terraform sees exactly what
 * the last release recorded, on any machine that shares the key. Terraform state can hold secrets
 * (a database password) that our own state only keeps as hashes: the sealed copy is what lets
 * Terraform compare and update them.
 *
 * A resource recorded without a sealed part (a release written by KusionStack Kusion, which keeps
 * Terraform's attributes in clear) is rebuilt from its attributes, as Kusion itself does.
 */
import { formatAttributePath } from '@kusion/sdk';
import type { Attributes, ResourceState, Sealer } from '@kusion/sdk';
import { TerraformError } from '../errors.js';
import { isRecord, parseTerraformResource } from '../model/terraform-resource.js';

/** The attribute under which a resource's sealed part of Terraform's state is recorded. */
export const SEALED_STATE_ATTRIBUTE = 'kusion:terraformState';

/** What is sealed for one resource. */
interface SealedPart {
  readonly lineage: string;
  readonly serial: number;
  readonly terraformVersion: string;
  readonly resource: StateResource;
}

/** One resource object of `terraform.tfstate` (format version 4). */
export interface StateResource {
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: readonly StateInstance[];
}

interface StateInstance {
  readonly attributes?: Attributes;
  readonly sensitive_attributes?: readonly unknown[];
  readonly [key: string]: unknown;
}

export interface RebuiltState {
  /** The `terraform.tfstate` to write, or undefined when nothing is recorded. */
  readonly text: string | undefined;
  /** Terraform address → Kusion id of every recorded resource. */
  readonly idsByAddress: ReadonlyMap<string, string>;
}

/** `terraform.tfstate` from the recorded resources of this provider. */
export async function rebuildState(
  priors: readonly ResourceState[],
  sealer: Sealer | undefined,
): Promise<RebuiltState> {
  const resources: StateResource[] = [];
  const idsByAddress = new Map<string, string>();
  let lineage: string | undefined;
  let serial = 0;
  let terraformVersion = '1.0.0';
  for (const prior of priors) {
    const sealed = prior.attributes[SEALED_STATE_ATTRIBUTE];
    if (typeof sealed === 'string') {
      if (!sealer) throw missingSealer(prior.id);
      const part = JSON.parse(await sealer.open(sealed)) as SealedPart;
      resources.push(part.resource);
      idsByAddress.set(`${part.resource.type}.${part.resource.name}`, prior.id);
      lineage ??= part.lineage;
      serial = Math.max(serial, part.serial);
      terraformVersion = part.terraformVersion;
      continue;
    }
    const parsed = parseTerraformResource(prior);
    if ('problems' in parsed) continue; // validated before; nothing Terraform could manage
    const { [SEALED_STATE_ATTRIBUTE]: _ignored, ...attributes } = prior.attributes;
    resources.push({
      mode: 'managed',
      type: parsed.parsed.resourceType,
      name: parsed.parsed.name,
      provider: `provider["${parsed.parsed.provider.source}"]`,
      instances: [{ schema_version: 0, attributes }],
    });
    idsByAddress.set(parsed.parsed.address, prior.id);
  }
  if (!resources.length) return { text: undefined, idsByAddress };
  const state = {
    version: 4,
    terraform_version: terraformVersion,
    serial,
    lineage: lineage ?? crypto.randomUUID(),
    outputs: {},
    resources,
    check_results: null,
  };
  return { text: JSON.stringify(state), idsByAddress };
}

/** What one resource's apply recorded: its attributes (the sealed part among them). */
export interface RecordedResource {
  readonly attributes: Attributes;
  readonly sensitivePaths: readonly string[];
}

/**
 * Splits Terraform's state after an apply into one record per Kusion id: the instance's
 * attributes (what references read) plus the sealed part, and the paths Terraform marks sensitive.
 */
export async function recordState(
  stateText: string,
  idOf: (address: string) => string | undefined,
  sealer: Sealer | undefined,
): Promise<Map<string, RecordedResource>> {
  const state = JSON.parse(stateText) as {
    lineage: string;
    serial: number;
    terraform_version: string;
    resources?: StateResource[];
  };
  const records = new Map<string, RecordedResource>();
  for (const resource of state.resources ?? []) {
    if (resource.mode !== 'managed') continue;
    const id = idOf(`${resource.type}.${resource.name}`);
    const instance = resource.instances[0];
    if (id === undefined || !instance) continue;
    if (!sealer) throw missingSealer(id);
    const part: SealedPart = {
      lineage: state.lineage,
      serial: state.serial,
      terraformVersion: state.terraform_version,
      resource,
    };
    records.set(id, {
      attributes: {
        ...(instance.attributes ?? {}),
        [SEALED_STATE_ATTRIBUTE]: await sealer.seal(JSON.stringify(part)),
      },
      sensitivePaths: sensitivePathsOf(instance.sensitive_attributes ?? []),
    });
  }
  return records;
}

/**
 * Terraform's `sensitive_attributes` (paths of steps such as `{type: get_attr, value: password}`)
 * as our dot paths.
 */
export function sensitivePathsOf(paths: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (!Array.isArray(path)) continue;
    const segments: (string | number)[] = [];
    for (const step of path as unknown[]) {
      if (!isRecord(step)) continue;
      const value = isRecord(step['value']) ? step['value']['value'] : step['value'];
      if (typeof value === 'number') segments.push(value);
      else if (typeof value === 'string') segments.push(value);
    }
    if (segments.length) out.push(formatAttributePath(segments));
  }
  return out;
}

function missingSealer(id: string): TerraformError {
  return new TerraformError(
    'TERRAFORM_STATE_UNSEALED',
    `${id}: Terraform's state must be sealed before it is stored, and this engine gives providers no sealer`,
    {
      resourceId: id,
      hint: 'upgrade @kusion/core / @kusion/cli to a version of provider contract 2 that passes a sealer',
    },
  );
}
