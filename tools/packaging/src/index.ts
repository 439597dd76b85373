export { checkPackedPackage } from './package-checks.ts';
export type { PackedFiles, RepositoryFacts } from './package-checks.ts';
export { launcherScript, LinkError, linkKusion, unlinkKusion } from './link.ts';
export type { LinkOptions, LinkResult } from './link.ts';
export { PackError, packPublicPackages } from './pack.ts';
export type { PackedPackage, PackOptions } from './pack.ts';
export { findPublicPackages, findWorkspacePackages } from './workspace-packages.ts';
export type { PackageManifest, WorkspacePackage } from './workspace-packages.ts';
