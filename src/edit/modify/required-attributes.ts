import type { Dataset } from '../../core/dataset.js';
import { keywordOf, lookupKeyword } from '../../core/dictionary.js';
import { formatTag, isPrivateTag, type Tag } from '../../core/tag.js';
import { iodForSopClass, type IodDefinition, type IodModule } from '../../iod/iods.js';
import type { AttributeType } from '../../iod/modules/types.js';

/**
 * What a modification left invalid that the user asked for deliberately: a top-level attribute it removed that the
 * object's IOD requires (Type 1 or 2, or 1C/2C whose condition holds), or one it emptied that needs a value (Type 1,
 * 1C), as validate and dciodvfy will report them. Said as warnings, not refused: dcmodify deletes without a word, and
 * a user may mean to fix the object in a later step. `changed`: the tags the modification changed.
 */
export function requiredAttributeWarnings(ds: Dataset, changed: readonly Tag[]): string[] {
  const iod = iodForSopClass(ds.getString('SOPClassUID') ?? '');
  if (!iod) return [];
  const warnings: string[] = [];
  for (const t of changed) {
    const keyword = keywordOf(t);
    const el = ds.getElementByTag(t);
    if (!keyword || isPrivateTag(t) || (el && el.length > 0)) continue;
    const required = requiredType(iod, ds, keyword);
    if (!required) continue;
    const { type, module } = required;
    const name = `${keyword} ${formatTag(t)}`;
    const where = `Type ${type} in the ${module} module of ${iod.name}`;
    if (!el) {
      const instead = type.startsWith('2') ? `; --set ${keyword}= (empty) keeps the object valid` : `; it needs a value (--set ${keyword}=VALUE)`;
      warnings.push(`${name} deleted: it is ${where}, so validate and dciodvfy report it missing${instead}`);
    } else if (type.startsWith('1')) {
      warnings.push(`${name} emptied: it is ${where}, which needs a value, so validate and dciodvfy report it empty`);
    }
  }
  return warnings;
}

const STRENGTH: Record<AttributeType, number> = { '1': 4, '1C': 3, '2': 2, '2C': 1, '3': 0 };

/** The most demanding type an attribute has in the IOD's modules this object uses, where it is required (not 3). */
function requiredType(iod: IodDefinition, ds: Dataset, keyword: string): { type: AttributeType; module: string } | undefined {
  let found: { type: AttributeType; module: string } | undefined;
  for (const m of iod.modules) {
    const a = m.definition?.attributes.find((d) => d.keyword === keyword);
    if (!a || !inUse(m, ds)) continue;
    const required = a.type === '1' || a.type === '2' || (a.type !== '3' && a.condition?.({ ds, root: ds }) === true);
    if (required && (!found || STRENGTH[a.type] > STRENGTH[found.type])) found = { type: a.type, module: m.definition!.name };
  }
  return found;
}

/** A module the object uses: Mandatory, Conditional whose condition holds, or one with attributes still present. */
function inUse(m: IodModule, ds: Dataset): boolean {
  if (m.usage === 'M' || m.condition?.({ ds, root: ds }) === true) return true;
  return m.definition!.attributes.some((a) => {
    const t = lookupKeyword(a.keyword)?.tag;
    return t !== undefined && ds.getElementByTag(t) !== undefined;
  });
}
