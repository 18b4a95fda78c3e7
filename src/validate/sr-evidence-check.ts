import type { Dataset } from '../core/dataset.js';
import { lookupKeyword } from '../core/dictionary.js';
import { where, type FindingSink } from './context.js';

const MODULE = 'SR Document General';
const CURRENT = 'CurrentRequestedProcedureEvidenceSequence';
const OTHER = 'PertinentOtherEvidenceSequence';

/**
 * PS3.3 C.17.2.3: the instances an SR's content tree references (COMPOSITE, IMAGE and WAVEFORM items, and the
 * presentation states or maps their references name) are each listed in Current Requested Procedure Evidence
 * Sequence or in Pertinent Other Evidence Sequence, and no instance in both. A receiver retrieves the evidence from
 * these lists; an instance in neither is one it does not know to fetch (dciodvfy: "Referenced SOP Instance is not
 * listed in CurrentRequestedProcedureEvidenceSequence or PertinentOtherEvidenceSequence").
 */
export function checkSrEvidence(ds: Dataset, sink: FindingSink): void {
  const current = evidence(ds, CURRENT);
  const other = evidence(ds, OTHER);
  for (const [uid, path] of other) {
    if (current.has(uid)) sink.at('error', 'REFERENCE', MODULE, at(path), `lists ${uid}, which ${CURRENT} lists too: an instance is current or other evidence, not both (PS3.3 C.17.2.3)`);
  }
  const walk = (items: readonly Dataset[], prefix: string): void => items.forEach((item, i) => {
    const itemPath = `${prefix}[${i}]`;
    referencesIn(item, `${itemPath}.ReferencedSOPSequence`, (uid, path) => {
      if (!current.has(uid) && !other.has(uid)) sink.at('error', 'REFERENCE', MODULE, at(path), `references ${uid}, which neither ${CURRENT} nor ${OTHER} lists (PS3.3 C.17.2.3)`);
    });
    walk(item.items('ContentSequence'), `${itemPath}.ContentSequence`);
  });
  walk(ds.items('ContentSequence'), 'ContentSequence');
}

/** The instances an evidence sequence lists (study, series, instance), each with the path of its first listing. */
function evidence(ds: Dataset, keyword: string): Map<string, string> {
  const listed = new Map<string, string>();
  ds.items(keyword).forEach((study, i) => study.items('ReferencedSeriesSequence').forEach((series, j) => series.items('ReferencedSOPSequence').forEach((instance, k) => {
    const uid = instance.getString('ReferencedSOPInstanceUID')?.replace(/\0+$/, '');
    if (uid && !listed.has(uid)) listed.set(uid, `${keyword}[${i}].ReferencedSeriesSequence[${j}].ReferencedSOPSequence[${k}]`);
  })));
  return listed;
}

/** Calls `found` for each instance a content item's Referenced SOP Sequence names, its nested references included. */
function referencesIn(item: Dataset, prefix: string, found: (uid: string, path: string) => void): void {
  item.items('ReferencedSOPSequence').forEach((ref, i) => {
    const path = `${prefix}[${i}]`;
    const uid = ref.getString('ReferencedSOPInstanceUID')?.replace(/\0+$/, '');
    if (uid) found(uid, path);
    referencesIn(ref, `${path}.ReferencedSOPSequence`, found);
  });
}

const at = (prefix: string) => where(prefix, lookupKeyword('ReferencedSOPInstanceUID')!.tag, 'ReferencedSOPInstanceUID');
