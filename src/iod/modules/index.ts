import type { ModuleDefinition } from './types.js';
import * as patientStudy from './patient-study.js';
import * as series from './series.js';
import * as equipment from './equipment.js';
import * as image from './image.js';
import * as multiFrame from './multi-frame.js';
import * as instance from './instance.js';
import * as vl from './vl.js';
import * as sc from './sc.js';
import * as us from './us.js';
import * as dx from './dx.js';
import * as sr from './sr.js';
import * as surface from './surface.js';
import * as encapsulated from './encapsulated.js';
import * as confocal from './confocal.js';
import * as directory from './directory.js';
import * as presentationState from './presentation-state.js';

export type { AttributeDefinition, AttributeType, Condition, ConditionContext, FunctionalGroupMacro, ModuleDefinition, ModuleUsage, ValueRule } from './types.js';
export * from './patient-study.js';
export * from './series.js';
export * from './equipment.js';
export * from './image.js';
export * from './multi-frame.js';
export * from './instance.js';
export * from './vl.js';
export * from './sc.js';
export * from './us.js';
export * from './dx.js';
export * from './sr.js';
export * from './surface.js';
export * from './encapsulated.js';
export * from './confocal.js';
export * from './directory.js';
export * from './presentation-state.js';
export * from './macros.js';

const isModule = (v: unknown): v is ModuleDefinition =>
  typeof v === 'object' && v !== null && 'id' in v && 'attributes' in v && Array.isArray((v as ModuleDefinition).attributes);

/** Every module table of the project, by the module id the standard's IOD tables use ("general-study"). */
export const MODULES: ReadonlyMap<string, ModuleDefinition> = new Map(
  [patientStudy, series, equipment, image, multiFrame, instance, vl, sc, us, dx, sr, surface, encapsulated, confocal, directory, presentationState]
    .flatMap((m) => Object.values(m))
    .filter(isModule)
    .map((m) => [m.id, m]),
);

export const moduleById = (id: string): ModuleDefinition | undefined => MODULES.get(id);
