/** Named scenarios the demo cluster can host. */
import { CORPUS_SCENARIO, createCorpusScenario } from './corpus';
import { createMultusBootRace, MULTUS_BOOT_RACE } from './multus-boot-race';
import { createMultusRestartWindow, MULTUS_RESTART_WINDOW } from './multus-restart-window';
import { createZonePartition, ZONE_PARTITION } from './zone-partition';
import type { ScenarioContext, ScenarioRuntime } from './types';

export type ScenarioFactory = (ctx: ScenarioContext) => ScenarioRuntime;

export const SCENARIOS: Readonly<Record<string, ScenarioFactory>> = {
  [MULTUS_BOOT_RACE]: (ctx) => createMultusBootRace(ctx),
  [MULTUS_RESTART_WINDOW]: createMultusRestartWindow,
  [ZONE_PARTITION]: createZonePartition,
  [CORPUS_SCENARIO]: createCorpusScenario,
};

export const DEFAULT_SCENARIO = MULTUS_BOOT_RACE;

export function scenarioFactory(name: string): ScenarioFactory {
  const factory = SCENARIOS[name];
  if (!factory) throw new Error(`unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
  return factory;
}
