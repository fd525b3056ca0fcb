// goForCloud.* settings, pulled from the client per document (workspace/configuration) and
// dropped on didChangeConfiguration. Clients without the pull model push them instead.
import type { Connection } from 'vscode-languageserver';
import type { SeveritySetting } from '../analysis/types';

/** goForCloud.workspaceDiagnostics: how far the workspace/diagnostic report reaches. */
export type WorkspaceDiagnosticsScope = 'off' | 'openFiles' | 'workspace';
const SCOPES = new Set<WorkspaceDiagnosticsScope>(['off', 'openFiles', 'workspace']);

export interface Settings {
  enable: boolean;
  severities: Record<string, SeveritySetting>;
  /** goForCloud.supportedGoReleases: overrides the release table of unsupported-go-toolchain. */
  supportedGoReleases?: string[];
  /** The user's own `go` version, sent by the client in trusted workspaces (newer than the table counts). */
  localGoVersion?: string;
  workspaceDiagnostics: WorkspaceDiagnosticsScope;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, severities: {}, workspaceDiagnostics: 'openFiles' };

const LEVELS = new Set<SeveritySetting>(['off', 'hint', 'info', 'warning', 'error']);

/** Reads the `goForCloud` section as VS Code sends it (dotted keys nested), ignoring junk. */
export function parseSettings(raw: unknown): Settings {
  if (!raw || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const section = raw as { enable?: unknown; rules?: unknown; supportedGoReleases?: unknown; workspaceDiagnostics?: unknown };
  const severities: Record<string, SeveritySetting> = {};
  if (section.rules && typeof section.rules === 'object') {
    for (const [id, value] of Object.entries(section.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && LEVELS.has(value as SeveritySetting)) severities[id] = value as SeveritySetting;
    }
  }
  const releases = section.supportedGoReleases;
  const supportedGoReleases =
    Array.isArray(releases) && releases.length && releases.every((r) => typeof r === 'string') ? (releases as string[]) : undefined;
  const scope = section.workspaceDiagnostics as WorkspaceDiagnosticsScope;
  const workspaceDiagnostics = SCOPES.has(scope) ? scope : DEFAULT_SETTINGS.workspaceDiagnostics;
  return { enable: section.enable !== false, severities, supportedGoReleases, workspaceDiagnostics };
}

export class SettingsCache {
  private perUri = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;
  /** Bumped on every change, so cached diagnostics results can tell they are stale. */
  generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.canPull()) return Promise.resolve(this.pushed);
    let hit = this.perUri.get(uri);
    if (!hit) {
      hit = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'goForCloud' })
        .then(parseSettings, () => DEFAULT_SETTINGS);
      this.perUri.set(uri, hit);
    }
    return hit;
  }

  /** didChangeConfiguration: `settings` is the pushed payload (null under the pull model). */
  changed(settings: unknown): void {
    this.generation++;
    this.perUri.clear();
    const pushed = (settings as { goForCloud?: unknown } | null | undefined)?.goForCloud;
    if (pushed !== undefined) this.pushed = parseSettings(pushed);
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }
}
