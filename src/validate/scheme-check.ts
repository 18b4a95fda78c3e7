import type { Dataset } from '../core/dataset.js';
import { Sequence } from '../core/element.js';
import { shownValue } from '../core/values/vr-rules.js';
import { isStandardScheme } from '../iod/codes/schemes.js';
import { where, type AttributeWhere, type FindingSink } from './context.js';

const CODING_SCHEME_DESIGNATOR = 0x00080102;
const CODING_SCHEME_IDENTIFICATION_SEQUENCE = 0x00080110;

/**
 * A code's scheme that PS3.16 Table 8-1 does not list ("99XYZ", "LOCAL") is declared in Coding Scheme Identification
 * Sequence (PS3.3 C.12.1.1.2): without the item a receiver cannot tell a local scheme's codes from a standard one's.
 * A warning (the object is readable, its codes only ambiguous), said once per scheme, at its first use.
 */
export function checkSchemesDeclared(ds: Dataset, sink: FindingSink): void {
  const declared = new Set(ds.items('CodingSchemeIdentificationSequence').map((item) => item.getString('CodingSchemeDesignator')));
  const undeclared = new Map<string, AttributeWhere>();
  collectUses(ds, '', declared, undeclared);
  for (const [scheme, at] of undeclared) {
    sink.at('warning', 'CODING_SCHEME', 'SOP Common', at, `names coding scheme "${shownValue(scheme)}", which PS3.16 Table 8-1 does not list, and Coding Scheme Identification Sequence (0008,0110) does not declare it (PS3.3 C.12.1.1.2)`);
  }
}

/** The first use of each undeclared scheme in the tree, the declarations themselves left out. */
function collectUses(ds: Dataset, prefix: string, declared: ReadonlySet<string | undefined>, found: Map<string, AttributeWhere>): void {
  for (const el of ds) {
    if (el.value instanceof Sequence) {
      if (el.tag === CODING_SCHEME_IDENTIFICATION_SEQUENCE && !prefix) continue;
      const at = where(prefix, el.tag);
      el.value.items.forEach((item, i) => collectUses(item, `${at.path}[${i}]`, declared, found));
    } else if (el.tag === CODING_SCHEME_DESIGNATOR) {
      const scheme = ds.getString('CodingSchemeDesignator');
      if (scheme && !isStandardScheme(scheme) && !declared.has(scheme) && !found.has(scheme)) found.set(scheme, where(prefix, el.tag));
    }
  }
}
