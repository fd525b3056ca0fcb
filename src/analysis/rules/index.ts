// The registry: every rule, sorted by id. A unit test checks ids, file names, docs and queries.
import { compareStrings } from '../compare';
import type { Rule } from '../rule';
import { contextLessCall } from './context-less-call';
import { dockerfileCgoOnStaticBase } from './dockerfile-cgo-on-static-base';
import { dockerfileGoRun } from './dockerfile-go-run';
import { dockerfileShipsToolchain } from './dockerfile-ships-toolchain';
import { droppedContext } from './dropped-context';
import { handlerMutatesGlobal } from './handler-mutates-global';
import { heavyInit } from './heavy-init';
import { missingGracefulShutdown } from './missing-graceful-shutdown';
import { perRequestInit } from './per-request-init';
import { pprofExposed } from './pprof-exposed';
import { serverClosedTreatedAsError } from './server-closed-treated-as-error';
import { serverWithoutTimeouts } from './server-without-timeouts';
import { serviceWithoutMetrics } from './service-without-metrics';
import { shutdownSignalWithoutSigterm } from './shutdown-signal-without-sigterm';
import { shutdownWithoutDeadline } from './shutdown-without-deadline';
import { unsupportedGoToolchain } from './unsupported-go-toolchain';

const ALL: Rule[] = [
  contextLessCall,
  dockerfileCgoOnStaticBase,
  dockerfileGoRun,
  dockerfileShipsToolchain,
  droppedContext,
  handlerMutatesGlobal,
  heavyInit,
  missingGracefulShutdown,
  perRequestInit,
  pprofExposed,
  serverClosedTreatedAsError,
  serverWithoutTimeouts,
  serviceWithoutMetrics,
  shutdownSignalWithoutSigterm,
  shutdownWithoutDeadline,
  unsupportedGoToolchain,
];

export const RULES: readonly Rule[] = [...ALL].sort((a, b) => compareStrings(a.id, b.id));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
