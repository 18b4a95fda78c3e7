import type { Condition } from './modules/types.js';
import { numberAbove, or, present, undecidable, valueIs } from './modules/conditions.js';
import { frameIncrementPointerIs } from './modules/multi-frame.js';
import { instancesReferenced } from './modules/instance.js';

// The "C" module conditions of the IOD tables, as code. Keyed by module id, or "iod/module" where an IOD words it
// differently. Anything not listed is undecidable from the data set: the module is checked when it is present.

const FRAME_TIME = 0x00181063;
const FRAME_TIME_VECTOR = 0x00181065;

export const MODULE_CONDITIONS: Readonly<Record<string, Condition>> = {
  'palette-color-lookup-table': valueIs('PhotometricInterpretation', ['PALETTE COLOR']),
  'contrast-bolus': undecidable,
  'frame-extraction': present('FrameExtractionSequence'),
  cine: frameIncrementPointerIs(FRAME_TIME, FRAME_TIME_VECTOR),
  'sc-multi-frame-vector': numberAbove('NumberOfFrames', 1),
  'voi-lut': undecidable,
  'overlay-plane': undecidable,
  'common-instance-reference': instancesReferenced,
  specimen: present('SpecimenDescriptionSequence'),
  'secondary-capture-image/frame-of-reference': or(present('ImagePositionPatient'), present('ImageOrientationPatient')),
  'ultrasound-multi-frame-image/synchronization': valueIs('Modality', ['IVUS']),
  'digital-x-ray-image/voi-lut': valueIs('PresentationIntentType', ['FOR PRESENTATION']),
  'digital-intra-oral-x-ray-image/voi-lut': valueIs('PresentationIntentType', ['FOR PRESENTATION']),
  'digital-mammography-x-ray-image/voi-lut': valueIs('PresentationIntentType', ['FOR PRESENTATION']),
};

/** Modules that "shall not be present otherwise" when their condition is false. */
export const MODULES_ABSENT_OTHERWISE: ReadonlySet<string> = new Set([
  'digital-x-ray-image/voi-lut',
  'digital-intra-oral-x-ray-image/voi-lut',
  'digital-mammography-x-ray-image/voi-lut',
]);

export function moduleCondition(iodId: string, moduleId: string): Condition | undefined {
  return MODULE_CONDITIONS[`${iodId}/${moduleId}`] ?? MODULE_CONDITIONS[moduleId];
}
