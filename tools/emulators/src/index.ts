export { startCloudFormationInterposer } from './cloudformation/interposer.ts';
export type {
  CloudFormationInterposer,
  CloudFormationInterposerOptions,
} from './cloudformation/interposer.ts';
export { FAIL_TAG } from './cloudformation/template-rules.ts';
