import { Dataset } from '../../core/dataset.js';
import { formatDT } from '../../core/values/date-time.js';
import { setAnatomicRegion } from '../../iod/builders/modules/anatomy.js';
import type { ScanProcedure } from '../../iod/builders/surface-scan-mesh.js';
import { Findings, resolveManifestSite } from '../capture-check.js';
import type { Passed } from '../shape-check.js';
import { CAPTURE_PROCEDURES, MULTI_SHOT_REGISTRATION, PHOTOGRAMMETRY_MODE, type CaptureProcedure } from './mesh-codes.js';
import type { MeshFacts } from './mesh-meta.js';
import { setMeshPrivate } from './mesh-private.js';

const PROCEDURE: Record<NonNullable<MeshFacts['captureProcedure']>, CaptureProcedure> = {
  'instant capture': 'INSTANT_CAPTURE', 'continuous scanning': 'CONTINUOUS_SCANNING', other: 'OTHER',
};

/** Scan Procedure from the facts: acquisition type by capture procedure; continuous scans are registered shots. */
export function scanProcedure(facts: MeshFacts, fallbackDateTime: string): ScanProcedure {
  const procedure = PROCEDURE[facts.captureProcedure ?? 'other'];
  return {
    acquisitionType: CAPTURE_PROCEDURES[procedure],
    scanModes: [PHOTOGRAMMETRY_MODE],
    ...(procedure === 'CONTINUOUS_SCANNING' ? { registrationMethod: MULTI_SHOT_REGISTRATION } : {}),
    acquisitionDateTime: facts.acquisitionDateTime ?? fallbackDateTime,
    shotDurationSeconds: facts.shotDurationS ?? 0,
  };
}

/** Checks the missing body parts (site names or codes) and the acquisition date-time before anything is built. */
export function checkMeshFacts(facts: Passed<MeshFacts>): string[] {
  const f = new Findings();
  if (facts.acquisitionDateTime) f.check('mesh.acquisitionDateTime', () => formatDT(facts.acquisitionDateTime!));
  (facts.missingBodyParts ?? []).forEach((site, i) => site !== undefined && f.check(`mesh.missingBodyParts[${i}]`, () => resolveManifestSite(site)));
  return f.problems;
}

/** Writes the TBP 3D acquisition and photogrammetry facts into the mesh block. */
export function setMeshFacts(ds: Dataset, facts: MeshFacts): void {
  if (facts.captureProcedure) setMeshPrivate(ds, 'TBPMeshCaptureProcedure', PROCEDURE[facts.captureProcedure]);
  if (facts.bodyCoverage !== undefined) setMeshPrivate(ds, 'TBPMeshBodyCoverage', facts.bodyCoverage);
  if (facts.missingBodyParts?.length) {
    setMeshPrivate(ds, 'TBPMeshMissingBodyPartSequence', facts.missingBodyParts.map((site) => {
      // Each item is an anatomic region as images code it (CID 4029, laterality as modifier).
      const holder = new Dataset();
      setAnatomicRegion(holder, resolveManifestSite(site));
      const item = holder.items('AnatomicRegionSequence')[0]!;
      return item.clone();
    }));
  }
  if (facts.reconstructionError !== undefined) setMeshPrivate(ds, 'TBPMeshReconstructionError', facts.reconstructionError);
  if (facts.reconstructionAlgorithm) setMeshPrivate(ds, 'TBPMeshReconstructionAlgorithm', facts.reconstructionAlgorithm);
  const p = facts.photogrammetry;
  if (p?.focalLengthMm !== undefined) setMeshPrivate(ds, 'TBPMeshFocalLength', p.focalLengthMm);
  if (p?.exposureTimeS !== undefined) setMeshPrivate(ds, 'TBPMeshExposureTime', p.exposureTimeS);
  if (p?.aperture !== undefined) setMeshPrivate(ds, 'TBPMeshAperture', p.aperture);
}

