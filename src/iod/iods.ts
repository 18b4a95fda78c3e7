import { IOD_MODULES, SOP_CLASS_IODS } from './generated/iod-modules.js';
import { MODULES_ABSENT_OTHERWISE, moduleCondition } from './module-conditions.js';
import { moduleById } from './modules/index.js';
import type { AttributeType, Condition, ModuleDefinition, ModuleUsage } from './modules/types.js';
import * as constraints from './iod-constraints.js';
import { EXTENDED_MODULES } from './extended-modules.js';

/** One module of an IOD: its table (undefined when the project has not encoded it), usage and condition. */
export interface IodModule {
  id: string;
  usage: ModuleUsage;
  informationEntity: string;
  definition: ModuleDefinition | undefined;
  /** For usage C: the condition as code (undefined = undecidable) and as the standard words it. */
  condition?: Condition;
  conditionText?: string;
  /** The module shall not be present when its condition is false. */
  absentOtherwise?: boolean;
}

export interface IodDefinition {
  id: string;
  name: string;
  modules: readonly IodModule[];
  /** IOD-specific constraints on attributes of general modules (Modality value, pixel constraints …), always checked. */
  constraints: readonly ModuleDefinition[];
}

const cache = new Map<string, IodDefinition>();

/** The IOD with this id ("vl-photographic-image"), with module tables attached; undefined when the standard has none. */
export function iodById(id: string): IodDefinition | undefined {
  const cached = cache.get(id);
  if (cached) return cached;
  const entry = IOD_MODULES[id];
  if (!entry) return undefined;
  // Modules a Standard Extended SOP Class of the IOD carries are checked as U modules (when present).
  const rows = [...entry.modules, ...(EXTENDED_MODULES[id] ?? [])];
  const modules = rows.map(([moduleId, usage, informationEntity, conditionText]): IodModule => {
    const m: IodModule = { id: moduleId, usage, informationEntity, definition: moduleById(moduleId) };
    if (usage === 'C') {
      m.condition = moduleCondition(id, moduleId);
      if (conditionText) m.conditionText = conditionText;
      if (MODULES_ABSENT_OTHERWISE.has(`${id}/${moduleId}`)) m.absentOtherwise = true;
    }
    return m;
  });
  const iod: IodDefinition = { id, name: entry.name, modules, constraints: constraints.IOD_CONSTRAINTS[id] ?? [] };
  cache.set(id, iod);
  return iod;
}

/** The IOD a SOP Class UID stores, by the standard's SOP Class table. */
export function iodForSopClass(sopClassUid: string): IodDefinition | undefined {
  const id = SOP_CLASS_IODS[sopClassUid.replace(/[\0 ]+$/, '')];
  return id ? iodById(id) : undefined;
}

/** Finds an IOD by id or by (case-insensitive) name, for `--iod`. */
export function findIod(nameOrId: string): IodDefinition | undefined {
  const wanted = nameOrId.trim().toLowerCase();
  const id = Object.keys(IOD_MODULES).find((k) => k === wanted || IOD_MODULES[k]!.name.toLowerCase() === wanted);
  return id ? iodById(id) : undefined;
}

export const iodIds = (): string[] => Object.keys(IOD_MODULES);

/** How demanding each attribute type is, most first: 1, 1C, 2, 2C, 3. */
export const TYPE_STRENGTH: Record<AttributeType, number> = { '1': 4, '1C': 3, '2': 2, '2C': 1, '3': 0 };

/**
 * The type an attribute has at the top level of the IOD: the most demanding among the modules whose tables name it
 * (undefined when none does, or the project has not encoded the table).
 */
export function topLevelType(iod: IodDefinition, keyword: string): AttributeType | undefined {
  let found: AttributeType | undefined;
  for (const m of iod.modules) {
    const a = m.definition?.attributes.find((d) => d.keyword === keyword);
    if (a && (found === undefined || TYPE_STRENGTH[a.type] > TYPE_STRENGTH[found])) found = a.type;
  }
  return found;
}

/** The modules every composite instance has, used when the IOD is not known. */
export const COMMON_MODULE_IDS = ['patient', 'general-study', 'general-series', 'general-equipment', 'sop-common'] as const;
