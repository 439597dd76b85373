export { startCloudFormationInterposer } from './cloudformation/interposer.ts';
export type {
  CloudFormationInterposer,
  CloudFormationInterposerOptions,
} from './cloudformation/interposer.ts';
export { FAIL_TAG } from './cloudformation/template-rules.ts';
export { startArmEmulator } from '../azure-arm/emulator.ts';
export type {
  ArmEmulator,
  ArmEmulatorControls,
  ArmEmulatorOptions,
} from '../azure-arm/emulator.ts';
export type { RequestFault, ResourceFailure } from '../azure-arm/faults/fault-rules.ts';
export type { RequestLogEntry } from '../azure-arm/request-log.ts';
