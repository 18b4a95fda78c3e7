import type { Dataset } from '../../core/dataset.js';
import { keywordOf } from '../../core/dictionary.js';
import { formatTag, isPrivateTag, type Tag } from '../../core/tag.js';
import { iodForSopClass, TYPE_STRENGTH } from '../../iod/iods.js';
import { attributeRequired, modulesInUse } from '../../iod/modules-in-use.js';
import type { AttributeType } from '../../iod/modules/types.js';

/**
 * What a modification left invalid that the user asked for deliberately: a top-level attribute it removed that the
 * object's IOD requires (Type 1 or 2, or 1C/2C whose condition holds), or one it emptied that needs a value (Type 1,
 * 1C), as validate and dciodvfy will report them. Said as warnings, not refused: dcmodify deletes without a word, and
 * a user may mean to fix the object in a later step. `changed`: the tags the modification changed; `transferSyntaxUid`:
 * the file's, which some conditions read.
 */
export function requiredAttributeWarnings(ds: Dataset, changed: readonly Tag[], transferSyntaxUid?: string): string[] {
  const iod = iodForSopClass(ds.getString('SOPClassUID') ?? '');
  if (!iod) return [];
  const { use, requiredModules } = modulesInUse(iod, ds, transferSyntaxUid);
  // The tables validate checks this object against: the modules it uses, and the IOD's constraints.
  const tables = [...iod.modules.flatMap((m) => (use.get(m) === true && m.definition ? [m.definition] : [])), ...iod.constraints];
  const ctx = { ds, root: ds, transferSyntaxUid, requiredModules };
  const warnings: string[] = [];
  for (const t of changed) {
    const keyword = keywordOf(t);
    const el = ds.getElementByTag(t);
    if (!keyword || isPrivateTag(t) || (el && el.length > 0)) continue;
    const defined = tables.flatMap((table) => table.attributes.filter((a) => a.keyword === keyword).map((a) => ({ type: a.type, module: table.name, a })));
    // Missing where required (its condition holding); empty where Type 1, or 1C whatever its condition.
    const wanted = strongest(defined.filter(({ a }) => (el ? a.type === '1' || a.type === '1C' : attributeRequired(a, ctx))));
    if (!wanted) continue;
    const { type, module } = wanted;
    const name = `${keyword} ${formatTag(t)}`;
    const where = `Type ${type} in the ${module} module of ${iod.name}`;
    if (!el) {
      const instead = type.startsWith('2') ? `; --set ${keyword}= (empty) keeps the object valid` : `; it needs a value (--set ${keyword}=VALUE)`;
      warnings.push(`${name} deleted: it is ${where}, so validate and dciodvfy report it missing${instead}`);
    } else {
      warnings.push(`${name} emptied: it is ${where}, which needs a value${type === '1C' ? ' whenever it is present' : ''}, so validate and dciodvfy report it empty`);
    }
  }
  return warnings;
}

function strongest<T extends { type: AttributeType }>(found: readonly T[]): T | undefined {
  return found.reduce<T | undefined>((best, f) => (!best || TYPE_STRENGTH[f.type] > TYPE_STRENGTH[best.type] ? f : best), undefined);
}
