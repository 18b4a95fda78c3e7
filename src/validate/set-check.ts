import type { Dataset } from '../core/dataset.js';
import { instanceReferences, type InstanceReference } from '../core/instance-references.js';
import { shownValue } from '../core/values/vr-rules.js';
import type { Finding } from './types.js';

/** What the set checks need of one instance (kept small so large sets do not hold whole data sets). */
export interface InstanceSummary {
  file: string;
  sopInstanceUid?: string;
  sopClassUid?: string;
  studyUid?: string;
  seriesUid?: string;
  frameOfReferenceUid?: string;
  /** Study- and series-level values that must agree across the instances of a study/series. */
  studyLevel: Record<string, string>;
  seriesLevel: Record<string, string>;
  /** SOP Instance UIDs this instance references, with the path of the reference. */
  references: InstanceReference[];
}

const STUDY_LEVEL = ['PatientID', 'PatientName', 'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime', 'StudyID', 'AccessionNumber'];
const SERIES_LEVEL = ['Modality', 'SeriesNumber', 'Laterality', 'BodyPartExamined'];

export function summarize(ds: Dataset, file: string): InstanceSummary {
  const get = (k: string): string | undefined => ds.getString(k)?.replace(/\0+$/, '');
  const pick = (keys: string[]): Record<string, string> => Object.fromEntries(keys.flatMap((k) => (ds.has(k) ? [[k, ds.getStrings(k).join('\\')]] : [])));
  const s: InstanceSummary = { file, studyLevel: pick(STUDY_LEVEL), seriesLevel: pick(SERIES_LEVEL), references: instanceReferences(ds) };
  const set = <K extends 'sopInstanceUid' | 'sopClassUid' | 'studyUid' | 'seriesUid' | 'frameOfReferenceUid'>(key: K, kw: string): void => {
    const v = get(kw);
    if (v) s[key] = v;
  };
  set('sopInstanceUid', 'SOPInstanceUID');
  set('sopClassUid', 'SOPClassUID');
  set('studyUid', 'StudyInstanceUID');
  set('seriesUid', 'SeriesInstanceUID');
  set('frameOfReferenceUid', 'FrameOfReferenceUID');
  return s;
}

/**
 * Checks across a set of instances: SOP Instance UIDs unique; a Study/Series/Frame of Reference UID not reused at
 * another level; a series in one study;
 * study- and series-level attributes the same in every instance of a study/series; references to instances of the
 * same study resolve when the referenced instance's series is in the set; referenced SOP Class matches.
 */
export function checkSet(instances: readonly InstanceSummary[]): Finding[] {
  const findings: Finding[] = [];
  const byUid = new Map<string, InstanceSummary>();
  for (const s of instances) {
    if (!s.sopInstanceUid) continue;
    const other = byUid.get(s.sopInstanceUid);
    if (other) findings.push({ severity: 'error', code: 'DUPLICATE_UID', keyword: 'SOPInstanceUID', tag: '(0008,0018)', path: 'SOPInstanceUID', file: s.file, message: `SOP Instance UID ${s.sopInstanceUid} is also used by ${other.file}` });
    else byUid.set(s.sopInstanceUid, s);
  }
  const levels = new Map<string, { level: string; file: string }>();
  const claim = (uid: string | undefined, level: string, s: InstanceSummary, keyword: string, tag: string): void => {
    if (!uid) return;
    const prior = levels.get(uid);
    if (!prior) levels.set(uid, { level, file: s.file });
    else if (prior.level !== level) {
      const where = prior.file === s.file ? 'in this instance too' : 'elsewhere in the set';
      findings.push({ severity: 'error', code: 'DUPLICATE_UID', keyword, tag, path: keyword, file: s.file, message: `${uid} is used here as a ${level} UID and ${where} as a ${prior.level} UID` });
    }
  };
  // A series belongs to one study (PS3.3 C.7.3.1): its UID under two Study Instance UIDs is an error.
  const studyOfSeries = new Map<string, InstanceSummary>();
  for (const s of instances) {
    claim(s.studyUid, 'study', s, 'StudyInstanceUID', '(0020,000D)');
    claim(s.seriesUid, 'series', s, 'SeriesInstanceUID', '(0020,000E)');
    claim(s.frameOfReferenceUid, 'frame of reference', s, 'FrameOfReferenceUID', '(0020,0052)');
    if (!s.seriesUid || !s.studyUid) continue;
    const first = studyOfSeries.get(s.seriesUid);
    if (!first) studyOfSeries.set(s.seriesUid, s);
    else if (first.studyUid !== s.studyUid) {
      findings.push({ severity: 'error', code: 'DUPLICATE_UID', keyword: 'SeriesInstanceUID', tag: '(0020,000E)', path: 'SeriesInstanceUID', file: s.file, message: `series ${s.seriesUid} is in study ${s.studyUid} here and in study ${first.studyUid} in ${first.file}: a series belongs to one study` });
    }
  }
  agree(instances, (s) => s.studyUid, (s) => s.studyLevel, 'study', findings);
  agree(instances, (s) => s.seriesUid, (s) => s.seriesLevel, 'series', findings);
  const seriesInSet = new Set(instances.map((s) => s.seriesUid).filter(Boolean));
  const seriesOf = new Map(instances.map((s) => [s.sopInstanceUid, s.seriesUid]));
  // A reference is expected to resolve when the set holds the whole study it points into. Asked once, not per
  // reference: over every instance per reference, 10,000 files took minutes.
  const study = instances[0]?.studyUid;
  const oneStudy = instances.length > 1 && !!study && instances.every((o) => o.studyUid === study);
  for (const s of instances) {
    for (const ref of s.references) {
      const target = byUid.get(ref.uid);
      if (target) {
        if (ref.classUid && target.sopClassUid && ref.classUid !== target.sopClassUid) {
          findings.push({ severity: 'error', code: 'REFERENCE', path: ref.path, file: s.file, message: `references ${ref.uid} as SOP Class ${ref.classUid}, but ${target.file} is ${target.sopClassUid}` });
        }
        continue;
      }
      if (oneStudy && seriesInSet.size > 0 && !seriesOf.has(ref.uid)) {
        findings.push({ severity: 'warning', code: 'REFERENCE', path: ref.path, file: s.file, message: `references ${ref.uid}, which is not among the files of this study` });
      }
    }
  }
  return findings;
}

function agree(
  instances: readonly InstanceSummary[],
  key: (s: InstanceSummary) => string | undefined,
  values: (s: InstanceSummary) => Record<string, string>,
  level: string,
  findings: Finding[],
): void {
  const first = new Map<string, InstanceSummary>();
  for (const s of instances) {
    const k = key(s);
    if (!k) continue;
    const ref = first.get(k);
    if (!ref) {
      first.set(k, s);
      continue;
    }
    for (const [attr, v] of Object.entries(values(s))) {
      const other = values(ref)[attr];
      if (other !== undefined && other !== v) {
        findings.push({ severity: 'error', code: 'INCONSISTENT', keyword: attr, path: attr, file: s.file, message: `is "${shownValue(v)}" but "${shownValue(other)}" in ${ref.file} of the same ${level}` });
      }
    }
  }
}
