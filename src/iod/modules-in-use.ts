import type { Dataset } from '../core/dataset.js';
import { lookupKeyword } from '../core/dictionary.js';
import type { IodDefinition, IodModule } from './iods.js';
import type { AttributeDefinition, ConditionContext } from './modules/types.js';

/**
 * How an instance uses one module of its IOD: true = the module applies (M; C whose condition holds; U, or C whose
 * condition is undecidable, with an attribute of its own present), false = it does not, 'forbidden' = present although
 * its condition does not hold and the standard says it shall not be present then.
 */
export type ModuleUse = boolean | 'forbidden';

export interface ModulesInUse {
  use: ReadonlyMap<IodModule, ModuleUse>;
  /** Ids of the modules the IOD requires of this instance (M, or C whose condition holds): some conditions read them. */
  requiredModules: ReadonlySet<string>;
}

/**
 * Which modules of its IOD an instance uses: what validate checks and what modify's warnings read, so that the two
 * cannot disagree. An attribute a mandatory module also holds (Pixel Spacing of SC Image and Image Plane) does not put
 * a U or C module in use: it is there for the mandatory one.
 */
export function modulesInUse(iod: IodDefinition, ds: Dataset, transferSyntaxUid?: string): ModulesInUse {
  const mandatory = new Set(iod.modules.filter((m) => m.usage === 'M').flatMap((m) => m.definition?.attributes.map((a) => a.keyword) ?? []));
  // Each C module's condition, once: true = required, false = not, undefined = the data set cannot tell.
  const holds = new Map(iod.modules.filter((m) => m.usage === 'C').map((m) => [m, m.condition?.({ ds, root: ds, transferSyntaxUid })]));
  const requiredModules = new Set(iod.modules.filter((m) => m.usage === 'M' || holds.get(m) === true).map((m) => m.id));
  const use = new Map<IodModule, ModuleUse>();
  for (const m of iod.modules) {
    if (m.usage === 'M' || holds.get(m) === true) {
      use.set(m, true);
      continue;
    }
    const present = m.definition?.attributes.some((a) => !mandatory.has(a.keyword) && has(ds, a.keyword)) ?? false;
    use.set(m, holds.get(m) === false && present && m.absentOtherwise ? 'forbidden' : present);
  }
  return { use, requiredModules };
}

/** Whether a module's attribute must be present here: Type 1 or 2, or 1C or 2C whose condition holds. */
export function attributeRequired(def: AttributeDefinition, ctx: ConditionContext): boolean {
  return def.type === '1' || def.type === '2' || (def.type !== '3' && def.condition?.(ctx) === true);
}

function has(ds: Dataset, keyword: string): boolean {
  const tag = lookupKeyword(keyword)?.tag;
  return tag !== undefined && ds.getElementByTag(tag) !== undefined;
}
