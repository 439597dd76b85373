/** The handler of each kind. */
import type { GcpKind } from '../model/kinds.js';
import { folderHandler } from './folder.js';
import { iamMemberHandler } from './iam-member.js';
import type { KindHandler } from './kind-handler.js';
import { lienHandler } from './lien.js';
import { projectHandler } from './project.js';
import { tagBindingHandler } from './tag-binding.js';
import { tagKeyHandler } from './tag-key.js';
import { tagValueHandler } from './tag-value.js';

const HANDLERS: Readonly<Record<GcpKind, KindHandler>> = {
  Project: projectHandler,
  Folder: folderHandler,
  TagKey: tagKeyHandler,
  TagValue: tagValueHandler,
  TagBinding: tagBindingHandler,
  IamPolicyMember: iamMemberHandler,
  Lien: lienHandler,
};

export function handlerOf(kind: GcpKind): KindHandler {
  return HANDLERS[kind];
}
