import type { Condition } from './types.js';
import { present, undecidable } from './conditions.js';
import { defined, enumerated, sq, t1, t1c, t3 } from './define.js';
import type { FunctionalGroupMacro, ModuleDefinition } from './types.js';

const FRAME_TIME = 0x00181063;
const FRAME_TIME_VECTOR = 0x00181065;

/** Frame Increment Pointer (0028,0009) names the attribute that varies per frame; some modules require that attribute. */
export const frameIncrementPointerIs = (...tags: number[]): Condition => ({ root }) => {
  const el = root.getElementByTag(0x00280009);
  if (!el) return false;
  const values = root.getStrings('FrameIncrementPointer');
  const wanted = tags.map((t) => `(${(t >>> 16).toString(16).toUpperCase().padStart(4, '0')},${(t & 0xffff).toString(16).toUpperCase().padStart(4, '0')})`);
  return values.some((v) => wanted.includes(v));
};

export const MULTI_FRAME: ModuleDefinition = {
  id: 'multi-frame',
  name: 'Multi-frame',
  section: 'C.7.6.6',
  attributes: [
    t1('NumberOfFrames', { notZero: true }),
    t1c('FrameIncrementPointer', undecidable),
    t3('StereoPairsPresent', { values: [enumerated(['YES', 'NO'])] }),
    t3('EncapsulatedPixelDataValueTotalLength'),
  ],
};

export const CINE: ModuleDefinition = {
  id: 'cine',
  name: 'Cine',
  section: 'C.7.6.5',
  attributes: [
    t3('PreferredPlaybackSequencing', { values: [enumerated([0, 1])] }),
    t1c('FrameTime', frameIncrementPointerIs(FRAME_TIME)),
    t1c('FrameTimeVector', frameIncrementPointerIs(FRAME_TIME_VECTOR)),
    t3('StartTrim'), t3('StopTrim'), t3('RecommendedDisplayFrameRate'), t3('CineRate'), t3('FrameDelay'),
    t3('ImageTriggerDelay'), t3('EffectiveDuration'), t3('ActualFrameDuration'),
  ],
};

export const FRAME_POINTERS: ModuleDefinition = {
  id: 'frame-pointers',
  name: 'Frame Pointers',
  section: 'C.7.6.9',
  attributes: [t3('RepresentativeFrameNumber'), t3('FrameNumbersOfInterest'), t3('FrameOfInterestDescription'), t3('FrameOfInterestType')],
};

export const MULTI_FRAME_DIMENSION: ModuleDefinition = {
  id: 'multi-frame-dimension',
  name: 'Multi-frame Dimension',
  section: 'C.7.6.17',
  attributes: [
    sq('DimensionOrganizationSequence', '1', [t1('DimensionOrganizationUID')], { vm: '1-n' }),
    t3('DimensionOrganizationType', { values: [defined(['3D', '3D_TEMPORAL', 'TILED_FULL', 'TILED_SPARSE'])] }),
    sq('DimensionIndexSequence', '1', [
      t1('DimensionIndexPointer'),
      t1c('DimensionIndexPrivateCreator', undecidable),
      t1c('FunctionalGroupPointer', undecidable),
      t1c('FunctionalGroupPrivateCreator', undecidable),
      t1c('DimensionOrganizationUID', undecidable),
      t3('DimensionDescriptionLabel'),
    ], { vm: '1-n' }),
  ],
};

export const FRAME_EXTRACTION: ModuleDefinition = {
  id: 'frame-extraction',
  name: 'Frame Extraction',
  section: 'C.12.3',
  attributes: [
    sq('FrameExtractionSequence', '1', [
      t1('MultiFrameSourceSOPInstanceUID'),
      t1c('SimpleFrameList', undecidable),
      t1c('CalculatedFrameList', undecidable),
      t1c('TimeRange', undecidable),
    ], { vm: '1-n' }),
  ],
};

/** PS3.3 C.7.6.16.2.1 Pixel Measures macro. */
export const PIXEL_MEASURES: FunctionalGroupMacro = {
  sequence: 'PixelMeasuresSequence',
  usage: 'M',
  items: [t1c('PixelSpacing', undecidable, { vm: '2', notZero: true }), t1c('SliceThickness', undecidable), t3('SpacingBetweenSlices')],
};

export const FRAME_CONTENT: FunctionalGroupMacro = {
  sequence: 'FrameContentSequence',
  usage: 'M',
  items: [
    t3('FrameAcquisitionNumber'), t1c('FrameReferenceDateTime', undecidable), t1c('FrameAcquisitionDateTime', undecidable),
    t1c('FrameAcquisitionDuration', undecidable), t1c('DimensionIndexValues', undecidable), t3('FrameComments'), t3('FrameLabel'),
  ],
};

export const PLANE_POSITION: FunctionalGroupMacro = { sequence: 'PlanePositionSequence', usage: 'U', items: [t1c('ImagePositionPatient', undecidable, { vm: '3' })] };
export const PLANE_ORIENTATION: FunctionalGroupMacro = { sequence: 'PlaneOrientationSequence', usage: 'U', items: [t1c('ImageOrientationPatient', undecidable, { vm: '6' })] };

/**
 * PS3.3 C.7.6.16 Multi-frame Functional Groups module, parameterised by the IOD's functional group macros
 * (each IOD has its own "… Multi-frame Functional Groups" module id in the standard's tables).
 */
export function multiFrameFunctionalGroups(id: string, name: string, macros: readonly FunctionalGroupMacro[]): ModuleDefinition {
  const concatenation = present('ConcatenationUID');
  return {
    id,
    name,
    section: 'C.7.6.16',
    attributes: [
      sq('SharedFunctionalGroupsSequence', '1', [], { vm: '1' }),
      sq('PerFrameFunctionalGroupsSequence', '1', [], { vm: '1-n' }),
      t1('InstanceNumber'),
      t1('ContentDate'),
      t1('ContentTime'),
      t1('NumberOfFrames', { notZero: true }),
      t1c('ConcatenationFrameOffsetNumber', concatenation),
      t3('RepresentativeFrameNumber'),
      t1c('ConcatenationUID', undecidable),
      t1c('SOPInstanceUIDOfConcatenationSource', concatenation),
      t1c('InConcatenationNumber', concatenation),
      t3('InConcatenationTotalNumber'),
    ],
    functionalGroups: macros,
  };
}

/** Optical Path Identification functional group macro (C.8.12.6.2). */
export const OPTICAL_PATH_IDENTIFICATION: FunctionalGroupMacro = {
  sequence: 'OpticalPathIdentificationSequence',
  usage: 'C',
  condition: ({ root }) => (root.getString('DimensionOrganizationType') === 'TILED_FULL' ? undefined : true),
  items: [t1('OpticalPathIdentifier')],
};

