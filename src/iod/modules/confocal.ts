import { absent, and, numberAbove, present, undecidable, valueIs } from './conditions.js';
import { enumerated, sq, t1, t1c, t2, t3 } from './define.js';
import { GENERAL_ANATOMY_MANDATORY, IMAGE_SOP_INSTANCE_REFERENCE, PRIMARY_ANATOMIC_STRUCTURE, anatomicRegion, codeSequence } from './macros.js';
import { FRAME_CONTENT, OPTICAL_PATH_IDENTIFICATION, PIXEL_MEASURES, multiFrameFunctionalGroups } from './multi-frame.js';
import type { FunctionalGroupMacro, ModuleDefinition } from './types.js';

// Confocal Microscopy IODs (Supplement 226; SOP Classes 1.2.840.10008.5.1.4.1.1.77.1.8 and .9). The draft's
// placeholder tags are replaced by the final standard's attributes: Confocal Mode (0048,0114), Tissue Location (0048,0115).

export const CONFOCAL_MICROSCOPY_IMAGE: ModuleDefinition = {
  id: 'confocal-microscopy-image',
  name: 'Confocal Microscopy Image',
  section: 'C.8.35.1',
  attributes: [
    t1('ImageType', { values: [enumerated(['ORIGINAL', 'DERIVED'], 0), enumerated(['PRIMARY'], 1)], vm: '2-n' }),
    t1('PhotometricInterpretation', { values: [enumerated(['MONOCHROME2', 'RGB', 'YBR_FULL_422', 'YBR_ICT', 'YBR_RCT'])] }),
    t1('BitsAllocated', { values: [enumerated([8, 16])] }),
    t1('BitsStored', { values: [enumerated([8, 16])] }),
    t1('HighBit', { values: [enumerated([7, 15])] }),
    t1('PixelRepresentation', { values: [enumerated([0])] }),
    t1('SamplesPerPixel', { values: [enumerated([1, 3])] }),
    t1c('PlanarConfiguration', numberAbove('SamplesPerPixel', 1), { values: [enumerated([0])] }),
    t2('LossyImageCompression', { values: [enumerated(['00', '01'])] }),
    sq('ReferencedImageSequence', '3', [...IMAGE_SOP_INSTANCE_REFERENCE, codeSequence('PurposeOfReferenceCodeSequence', '1')], { vm: '1-n' }),
    t3('ImageLaterality', { values: [enumerated(['R', 'L', 'U', 'B'])] }),
    anatomicRegion('1C', '1', { condition: and(present('NumberOfFrames'), absent('SpecimenDescriptionSequence')) }),
    ...PRIMARY_ANATOMIC_STRUCTURE,
    t2('OpticalMagnificationFactor'),
    t1('ConfocalMode', { values: [enumerated(['REFLECTANCE', 'FLUORESCENCE'])] }),
    t1('TissueLocation', { values: [enumerated(['INVIVO', 'EXVIVO'])] }),
    t3('ImageAcquisitionDepth'),
    t1c('TrackingID', present('TrackingUID')),
    t1c('TrackingUID', present('TrackingID')),
  ],
};

export const CONFOCAL_MICROSCOPY_TILED_PYRAMIDAL_IMAGE: ModuleDefinition = {
  id: 'confocal-microscopy-tiled-pyramidal-image',
  name: 'Confocal Microscopy Tiled Pyramidal Image',
  section: 'C.8.35.2',
  attributes: [
    t1('ImageOrientationSlide', { vm: '6' }),
    t1('ImagedVolumeWidth'),
    t1('ImagedVolumeHeight'),
    t1('ImagedVolumeDepth'),
    t1('TotalPixelMatrixColumns', { notZero: true }),
    t1('TotalPixelMatrixRows', { notZero: true }),
    t1c('TotalPixelMatrixFocalPlanes', valueIs('DimensionOrganizationType', ['TILED_FULL'])),
    t1('VolumetricProperties', { values: [enumerated(['VOLUME'])] }),
  ],
};

/** Cutaneous acquisition parameters: depth of the optical section below the skin surface. */
export const CUTANEOUS_CONFOCAL_ACQUISITION: ModuleDefinition = {
  id: 'cutaneous-confocal-microscopy-image-acquisition-parameters',
  name: 'Cutaneous Confocal Microscopy Image Acquisition Parameters',
  section: 'C.8.35.3',
  attributes: [t3('ImageAcquisitionDepth'), t3('SpacingBetweenSlices')],
};

/** PS3.3 C.8.12.5 Optical Path module. */
export const OPTICAL_PATH: ModuleDefinition = {
  id: 'optical-path',
  name: 'Optical Path',
  section: 'C.8.12.5',
  attributes: [
    t1c('NumberOfOpticalPaths', undecidable),
    sq('OpticalPathSequence', '1', [
      t1('OpticalPathIdentifier'),
      t3('OpticalPathDescription'),
      codeSequence('IlluminatorTypeCodeSequence', '3'),
      codeSequence('IlluminationColorCodeSequence', '1C', '1', { condition: absent('IlluminationWaveLength') }),
      t1c('IlluminationWaveLength', absent('IlluminationColorCodeSequence')),
      codeSequence('IlluminationTypeCodeSequence', '1', '1-n'),
      t1c('ICCProfile', undecidable),
      t3('ObjectiveLensPower'),
      t3('ObjectiveLensNumericalAperture'),
      t3('IlluminationPower'),
    ], { vm: '1-n' }),
  ],
};

export const MULTI_RESOLUTION_PYRAMID: ModuleDefinition = {
  id: 'multi-resolution-pyramid',
  name: 'Multi-Resolution Pyramid',
  section: 'C.7.6.27',
  attributes: [t1('PyramidUID'), t3('PyramidLabel'), t3('PyramidDescription')],
};

export const MICROSCOPE_SLIDE_LAYER_TILE_ORGANIZATION: ModuleDefinition = {
  id: 'microscope-slide-layer-tile-organization',
  name: 'Microscope Slide Layer Tile Organization',
  section: 'C.8.12.14',
  attributes: [
    t1('ImagedVolumeWidth'), t1('ImagedVolumeHeight'), t1('ImagedVolumeDepth'), t1('TotalPixelMatrixColumns'), t1('TotalPixelMatrixRows'),
    t1c('TotalPixelMatrixFocalPlanes', valueIs('DimensionOrganizationType', ['TILED_FULL'])),
    sq('TotalPixelMatrixOriginSequence', '1', [t1('XOffsetInSlideCoordinateSystem'), t1('YOffsetInSlideCoordinateSystem')], { vm: '1' }),
    t1('ImageOrientationSlide', { vm: '6' }),
  ],
};

/** PS3.3 C.8.35.4.1 Confocal Microscopy Image Frame Type macro: what each frame is, as Image Type says of the image. */
const CONFOCAL_FRAME_TYPE: FunctionalGroupMacro = {
  sequence: 'ConfocalMicroscopyImageFrameTypeSequence',
  usage: 'M',
  items: [t1('FrameType', { vm: '4', values: [enumerated(['ORIGINAL', 'DERIVED'], 0), enumerated(['PRIMARY'], 1)] })],
};

/** PS3.3 C.7.6.16.2.8 Frame Anatomy macro: the laterality and the region each frame shows. */
const FRAME_ANATOMY: FunctionalGroupMacro = {
  sequence: 'FrameAnatomySequence',
  usage: 'M',
  items: [t1('FrameLaterality', { values: [enumerated(['R', 'L', 'U', 'B'])] }), ...GENERAL_ANATOMY_MANDATORY],
};

// The functional groups the two IODs require (PS3.3 A.90.1.5, A.90.2.5); the conditional and optional ones are not
// checked here.
const CONFOCAL_MACROS = [PIXEL_MEASURES, { ...FRAME_CONTENT, usage: 'U' as const }, OPTICAL_PATH_IDENTIFICATION, CONFOCAL_FRAME_TYPE, FRAME_ANATOMY];

export const CONFOCAL_FUNCTIONAL_GROUPS = multiFrameFunctionalGroups(
  'confocal-microscopy-image-multi-frame-functional-groups', 'Confocal Microscopy Image Multi-frame Functional Groups', CONFOCAL_MACROS,
);

export const CONFOCAL_TILED_FUNCTIONAL_GROUPS = multiFrameFunctionalGroups(
  'confocal-microscopy-tiled-pyramidal-image-multi-frame-functional-groups', 'Confocal Microscopy Tiled Pyramidal Image Multi-frame Functional Groups', CONFOCAL_MACROS,
);

export const CONFOCAL_SERIES: ModuleDefinition = {
  id: 'confocal-microscopy-series',
  name: 'Confocal Microscopy Series',
  section: 'A.94',
  attributes: [t1('Modality', { values: [enumerated(['CFM'])] })],
};
