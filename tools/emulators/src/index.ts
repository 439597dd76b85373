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
export { startGcpResourceManagerEmulator } from '../gcp-resource-manager/emulator.ts';
export type {
  GcpResourceManagerEmulator,
  GcpResourceManagerEmulatorOptions,
} from '../gcp-resource-manager/emulator.ts';
export type { EmulatorControls as GcpResourceManagerControls } from '../gcp-resource-manager/controls.ts';
export type { RecordedRequest } from '../gcp-resource-manager/request-log.ts';
export type { OrganizationOptions } from '../gcp-resource-manager/store.ts';
