// Public surface of the build info reader (pure: no vscode imports).
export { BuildInfoError, type BuildInfoErrorCode } from './errors';
export { formatBuildInfo, formatModuleLines, parseBuildInfo, setting, type BuildInfo, type BuildSetting, type Module } from './modinfo';
export { readBuildInfo, readBuildInfoFrom, readRawBuildInfo, detectFormat } from './reader';
export { bufferSource, handleSource, type ByteSource } from './source';
export { buildInfoJSON } from './json';
