// What the status bar remembers: the last cross-compile, per workspace.
export const LAST_KEY = 'goForCloud.lastBuild';

export interface LastBuild {
  moduleDir: string;
  pkg: string;
  targets: string[];
}
