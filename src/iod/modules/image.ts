import type { Condition } from './types.js';
import { absent, and, numberAbove, or, present, undecidable, valueIs } from './conditions.js';
import { defined, enumerated, sq, t1, t1c, t2, t2c, t3 } from './define.js';
import { CONTENT_ITEM, GENERAL_ANATOMY_OPTIONAL, IMAGE_SOP_INSTANCE_REFERENCE, REAL_WORLD_VALUE_MAPPING_ITEM, SOP_INSTANCE_REFERENCE, codeSequence } from './macros.js';
import type { AttributeDefinition, ModuleDefinition, ValueRule } from './types.js';

export const PHOTOMETRIC_INTERPRETATIONS = [
  'MONOCHROME1', 'MONOCHROME2', 'PALETTE COLOR', 'RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT', 'XYB',
] as const;

export const LOSSY_METHODS = ['ISO_10918_1', 'ISO_14495_1', 'ISO_15444_1', 'ISO_15444_15', 'ISO_13818_2', 'ISO_14496_10', 'ISO_23008_2', 'ISO_18181_1'] as const;

const isPalette = valueIs('PhotometricInterpretation', ['PALETTE COLOR']);
const isMonochrome = valueIs('PhotometricInterpretation', ['MONOCHROME1', 'MONOCHROME2']);
/** Palette Color LUT Descriptors are required of PALETTE COLOR, or of a Pixel Presentation COLOR or MIXED (C.7.6.3). */
const usesPalette = or(isPalette, valueIs('PixelPresentation', ['COLOR', 'MIXED']));

/** A pixel spacing given for the whole image or in a functional group (C.7.6.3's list: Pixel Aspect Ratio is then implied). */
const pixelSpacingGiven = or(
  present('PixelSpacing'), present('ImagerPixelSpacing'), present('NominalScannedPixelSpacing'),
  present('SharedFunctionalGroupsSequence[0].PixelMeasuresSequence[0].PixelSpacing'),
  present('PerFrameFunctionalGroupsSequence[0].PixelMeasuresSequence[0].PixelSpacing'),
);

/**
 * Pixel Aspect Ratio (0028,0034) is required where the pixels are not square and no pixel spacing is given (C.7.6.3):
 * not where one is, nor for a ratio of 1:1 (1\1, 2\2); whether pixels it is absent from are square the data set cannot say.
 */
const aspectRatioRequired: Condition = (ctx) => {
  if (pixelSpacingGiven(ctx)) return false;
  const [vertical, horizontal] = ctx.ds.getStrings('PixelAspectRatio').map(Number);
  if (vertical === undefined || horizontal === undefined) return undefined;
  return vertical !== horizontal;
};

/** PS3.3 C.7.6.1.1.1: a biped's orientation letters (a quadruped's, Anatomical Orientation Type QUADRUPED, are others). */
const PATIENT_ORIENTATION_LETTERS: ValueRule = {
  kind: 'form', values: ['made of the letters L, R, A, P, H and F'], pattern: /^[LRAPHF]+$/,
  when: ({ root }) => root.getString('AnatomicalOrientationType') !== 'QUADRUPED',
};

/**
 * Patient Orientation (0020,0020) is needed when the image does not require patient-relative geometry, PS3.3 C.7.6.1:
 * its IOD asks for no Image Plane module (a CT or MR image lacking Image Orientation (Patient) misses that, not Patient
 * Orientation) and it carries no Image Orientation (Patient) or functional groups of its own.
 */
export const patientOrientationRequired: Condition = ({ ds, requiredModules }) =>
  !(requiredModules?.has('image-plane') || ds.has('ImageOrientationPatient') || ds.has('SharedFunctionalGroupsSequence') || ds.has('PerFrameFunctionalGroupsSequence'));

/** Image Type values 1 and 2 (PS3.3 C.7.6.1.1.2). */
export const IMAGE_TYPE_RULES = [enumerated(['ORIGINAL', 'DERIVED'], 0), enumerated(['PRIMARY', 'SECONDARY'], 1)];

export const LOSSY_IMAGE_COMPRESSION = [enumerated(['00', '01'])];

export const GENERAL_IMAGE: ModuleDefinition = {
  id: 'general-image',
  name: 'General Image',
  section: 'C.7.6.1',
  attributes: [
    t2('InstanceNumber'),
    t2c('PatientOrientation', patientOrientationRequired, { vm: '2', values: [PATIENT_ORIENTATION_LETTERS] }),
    t2c('ContentDate', undecidable),
    t2c('ContentTime', undecidable),
    t3('ImageType', { values: IMAGE_TYPE_RULES, vm: '2-n' }),
    t3('ImageComments'),
    t3('QualityControlImage', { values: [enumerated(['YES', 'NO', 'BOTH'])] }),
    t3('BurnedInAnnotation', { values: [enumerated(['YES', 'NO'])] }),
    t3('RecognizableVisualFeatures', { values: [enumerated(['YES', 'NO'])] }),
    t3('LossyImageCompression', { values: LOSSY_IMAGE_COMPRESSION }),
    t3('LossyImageCompressionRatio'),
    t3('LossyImageCompressionMethod', { values: [defined(LOSSY_METHODS)] }),
    sq('IconImageSequence', '3', [
      t1('SamplesPerPixel'), t1('PhotometricInterpretation'), t1('Rows', { notZero: true }), t1('Columns', { notZero: true }),
      t1('BitsAllocated'), t1('BitsStored'), t1('HighBit'), t1('PixelRepresentation'), t1('PixelData'),
    ], { vm: '1' }),
    t3('PresentationLUTShape', { values: [enumerated(['IDENTITY', 'INVERSE'])] }),
    t3('IrradiationEventUID'),
    sq('RealWorldValueMappingSequence', '3', REAL_WORLD_VALUE_MAPPING_ITEM, { vm: '1-n' }),
    ...GENERAL_ANATOMY_OPTIONAL,
  ],
};

export const GENERAL_ACQUISITION: ModuleDefinition = {
  id: 'general-acquisition',
  name: 'General Acquisition',
  section: 'C.7.10.1',
  attributes: [
    t3('AcquisitionUID'), t3('AcquisitionNumber'), t3('AcquisitionDate'), t3('AcquisitionTime'), t3('AcquisitionDateTime'),
    t3('AcquisitionDuration'), t3('ImagesInAcquisition'), t3('IrradiationEventUID'),
  ],
};

export const GENERAL_REFERENCE: ModuleDefinition = {
  id: 'general-reference',
  name: 'General Reference',
  section: 'C.12.4',
  attributes: [
    sq('ReferencedImageSequence', '3', [...IMAGE_SOP_INSTANCE_REFERENCE, codeSequence('PurposeOfReferenceCodeSequence', '3')], { vm: '1-n' }),
    sq('ReferencedInstanceSequence', '3', [...SOP_INSTANCE_REFERENCE, codeSequence('PurposeOfReferenceCodeSequence', '1')], { vm: '1-n' }),
    t3('DerivationDescription'),
    codeSequence('DerivationCodeSequence', '3', '1-n'),
    sq('SourceImageSequence', '3', [
      ...IMAGE_SOP_INSTANCE_REFERENCE,
      codeSequence('PurposeOfReferenceCodeSequence', '3'),
      t3('SpatialLocationsPreserved', { values: [enumerated(['YES', 'NO', 'REORIENTED_ONLY'])] }),
      t1c('PatientOrientation', valueIs('SpatialLocationsPreserved', ['REORIENTED_ONLY'])),
    ], { vm: '1-n' }),
    sq('SourceInstanceSequence', '3', [...SOP_INSTANCE_REFERENCE, codeSequence('PurposeOfReferenceCodeSequence', '3')], { vm: '1-n' }),
  ],
};

/** PS3.3 C.7.6.3 Image Pixel module (with the Image Pixel Description macro). */
export const IMAGE_PIXEL_ATTRIBUTES: readonly AttributeDefinition[] = [
  t1('SamplesPerPixel', { notZero: true }),
  t1('PhotometricInterpretation', { values: [defined(PHOTOMETRIC_INTERPRETATIONS)] }),
  t1('Rows', { notZero: true }),
  t1('Columns', { notZero: true }),
  t1('BitsAllocated', { notZero: true }),
  t1('BitsStored', { notZero: true }),
  t1('HighBit'),
  t1('PixelRepresentation', { values: [enumerated([0, 1])] }),
  t1c('PixelData', absent('PixelDataProviderURL')),
  // "It shall not be present otherwise" (PS3.3 C.7.6.3.1.3).
  t1c('PlanarConfiguration', numberAbove('SamplesPerPixel', 1), { values: [enumerated([0, 1])], absentOtherwise: true }),
  // No "may be present otherwise": where its condition fails it is not included (PS3.5 7.4.3), as dciodvfy checks.
  t1c('PixelAspectRatio', aspectRatioRequired, { vm: '2', absentOtherwise: true }),
  t3('SmallestImagePixelValue'),
  t3('LargestImagePixelValue'),
  // No "may be present otherwise": a Type 1C whose condition fails is not included (PS3.5 7.4.2), as dciodvfy checks.
  t1c('RedPaletteColorLookupTableDescriptor', usesPalette, { absentOtherwise: true }),
  t1c('GreenPaletteColorLookupTableDescriptor', usesPalette, { absentOtherwise: true }),
  t1c('BluePaletteColorLookupTableDescriptor', usesPalette, { absentOtherwise: true }),
  t1c('RedPaletteColorLookupTableData', and(isPalette, absent('SegmentedRedPaletteColorLookupTableData'))),
  t1c('GreenPaletteColorLookupTableData', and(isPalette, absent('SegmentedGreenPaletteColorLookupTableData'))),
  t1c('BluePaletteColorLookupTableData', and(isPalette, absent('SegmentedBluePaletteColorLookupTableData'))),
  t3('ICCProfile'),
  t3('ColorSpace'),
  t1c('PixelDataProviderURL', ({ transferSyntaxUid }) => (transferSyntaxUid ? /^1\.2\.840\.10008\.1\.2\.4\.9[45]$/.test(transferSyntaxUid) : undefined)),
  t1c('PixelPaddingRangeLimit', undecidable),
];

export const IMAGE_PIXEL: ModuleDefinition = { id: 'image-pixel', name: 'Image Pixel', section: 'C.7.6.3', attributes: IMAGE_PIXEL_ATTRIBUTES };

export const IMAGE_PLANE: ModuleDefinition = {
  id: 'image-plane',
  name: 'Image Plane',
  section: 'C.7.6.2',
  attributes: [
    t1('PixelSpacing', { vm: '2', notZero: true }), t1('ImageOrientationPatient', { vm: '6' }), t1('ImagePositionPatient', { vm: '3' }),
    t2('SliceThickness'), t3('SpacingBetweenSlices'), t3('SliceLocation'),
  ],
};

/**
 * PS3.3 C.7.6.14 Acquisition Context: each item is a content item with its modifiers (Table 10-24, which includes
 * the Content Item Macro: Value Type Type 1, any of its value types, UIDREF included).
 */
export const ACQUISITION_CONTEXT: ModuleDefinition = {
  id: 'acquisition-context',
  name: 'Acquisition Context',
  section: 'C.7.6.14',
  attributes: [
    sq('AcquisitionContextSequence', '2', [
      ...CONTENT_ITEM,
      t1c('ReferencedFrameNumbers', undecidable),
      t1c('FloatingPointValue', undecidable),
      sq('ContentItemModifierSequence', '3', CONTENT_ITEM, { vm: '1-n' }),
    ]),
    t3('AcquisitionContextDescription'),
  ],
};

export const CONTRAST_BOLUS: ModuleDefinition = {
  id: 'contrast-bolus',
  name: 'Contrast/Bolus',
  section: 'C.7.6.4',
  attributes: [
    t2('ContrastBolusAgent'), codeSequence('ContrastBolusAgentSequence', '3', '1-n'), t3('ContrastBolusRoute'),
    codeSequence('ContrastBolusAdministrationRouteSequence', '3'), t3('ContrastBolusVolume'), t3('ContrastBolusStartTime'),
    t3('ContrastBolusStopTime'), t3('ContrastBolusTotalDose'), t3('ContrastFlowRate'), t3('ContrastFlowDuration'),
    t3('ContrastBolusIngredient'), t3('ContrastBolusIngredientConcentration'),
  ],
};

export const ICC_PROFILE: ModuleDefinition = {
  id: 'icc-profile',
  name: 'ICC Profile',
  section: 'C.11.15',
  attributes: [t1('ICCProfile'), t3('ColorSpace')],
};

export const PALETTE_COLOR_LOOKUP_TABLE: ModuleDefinition = {
  id: 'palette-color-lookup-table',
  name: 'Palette Color Lookup Table',
  section: 'C.7.9',
  attributes: [
    t1('RedPaletteColorLookupTableDescriptor', { vm: '3' }),
    t1('GreenPaletteColorLookupTableDescriptor', { vm: '3' }),
    t1('BluePaletteColorLookupTableDescriptor', { vm: '3' }),
    t3('PaletteColorLookupTableUID'),
    t1c('RedPaletteColorLookupTableData', absent('SegmentedRedPaletteColorLookupTableData')),
    t1c('GreenPaletteColorLookupTableData', absent('SegmentedGreenPaletteColorLookupTableData')),
    t1c('BluePaletteColorLookupTableData', absent('SegmentedBluePaletteColorLookupTableData')),
    t1c('SegmentedRedPaletteColorLookupTableData', absent('RedPaletteColorLookupTableData')),
    t1c('SegmentedGreenPaletteColorLookupTableData', absent('GreenPaletteColorLookupTableData')),
    t1c('SegmentedBluePaletteColorLookupTableData', absent('BluePaletteColorLookupTableData')),
  ],
};

/** Overlay Plane (C.9.2), checked for the first overlay group (6000). */
export const OVERLAY_PLANE: ModuleDefinition = {
  id: 'overlay-plane',
  name: 'Overlay Plane',
  section: 'C.9.2',
  attributes: [
    t1('OverlayRows', { notZero: true }), t1('OverlayColumns', { notZero: true }),
    t1('OverlayType', { values: [enumerated(['G', 'R'])] }), t1('OverlayOrigin', { vm: '2' }),
    t1('OverlayBitsAllocated', { values: [enumerated([1])] }), t1('OverlayBitPosition', { values: [enumerated([0])] }),
    t1('OverlayData'), t3('OverlayDescription'), t3('OverlaySubtype'), t3('OverlayLabel'),
  ],
};

export const MULTI_FRAME_OVERLAY: ModuleDefinition = {
  id: 'multi-frame-overlay',
  name: 'Multi-frame Overlay',
  section: 'C.9.3',
  attributes: [t1('NumberOfFramesInOverlay'), t3('ImageFrameOrigin')],
};

export const VOI_LUT: ModuleDefinition = {
  id: 'voi-lut',
  name: 'VOI LUT',
  section: 'C.11.2',
  attributes: [
    sq('VOILUTSequence', '1C', [t1('LUTDescriptor', { vm: '3' }), t3('LUTExplanation'), t1('LUTData')], { vm: '1-n', condition: and(absent('WindowCenter'), isMonochrome) }),
    t1c('WindowCenter', and(absent('VOILUTSequence'), isMonochrome)),
    t1c('WindowWidth', present('WindowCenter'), { notZero: true }),
    t3('WindowCenterWidthExplanation'),
    t3('VOILUTFunction', { values: [enumerated(['LINEAR', 'LINEAR_EXACT', 'SIGMOID'])] }),
  ],
};

export const MODALITY_LUT: ModuleDefinition = {
  id: 'modality-lut',
  name: 'Modality LUT',
  section: 'C.11.1',
  attributes: [
    sq('ModalityLUTSequence', '1C', [t1('LUTDescriptor', { vm: '3' }), t3('LUTExplanation'), t1('ModalityLUTType'), t1('LUTData')], { vm: '1', condition: absent('RescaleIntercept') }),
    t1c('RescaleIntercept', absent('ModalityLUTSequence')),
    t1c('RescaleSlope', present('RescaleIntercept'), { notZero: true }),
    t1c('RescaleType', present('RescaleIntercept')),
  ],
};

const shape = (s: string): Condition => valueIs('ShutterShape', [s]);
export const DISPLAY_SHUTTER: ModuleDefinition = {
  id: 'display-shutter',
  name: 'Display Shutter',
  section: 'C.7.6.11',
  attributes: [
    t1('ShutterShape', { values: [enumerated(['RECTANGULAR', 'CIRCULAR', 'POLYGONAL'])] }),
    t1c('ShutterLeftVerticalEdge', shape('RECTANGULAR')), t1c('ShutterRightVerticalEdge', shape('RECTANGULAR')),
    t1c('ShutterUpperHorizontalEdge', shape('RECTANGULAR')), t1c('ShutterLowerHorizontalEdge', shape('RECTANGULAR')),
    t1c('CenterOfCircularShutter', shape('CIRCULAR')), t1c('RadiusOfCircularShutter', shape('CIRCULAR')),
    t1c('VerticesOfThePolygonalShutter', shape('POLYGONAL')),
    t3('ShutterPresentationValue'), t3('ShutterPresentationColorCIELabValue'),
  ],
};

export const IMAGE_HISTOGRAM: ModuleDefinition = {
  id: 'image-histogram',
  name: 'Image Histogram',
  section: 'C.11.5',
  attributes: [
    sq('HistogramSequence', '1', [
      t1('HistogramNumberOfBins'), t1('HistogramFirstBinValue'), t1('HistogramLastBinValue'), t1('HistogramBinWidth'),
      t3('HistogramExplanation'), t1('HistogramData'),
    ], { vm: '1-n' }),
  ],
};

export const INTERVENTION: ModuleDefinition = {
  id: 'intervention',
  name: 'Intervention',
  section: 'C.7.6.13',
  attributes: [
    sq('InterventionSequence', '3', [
      t1('InterventionStatus', { values: [enumerated(['PRE', 'INTERMEDIATE', 'POST', 'NONE'])] }),
      codeSequence('InterventionDrugCodeSequence', '3'), t3('InterventionDrugStartTime'), t3('InterventionDrugStopTime'),
      codeSequence('AdministrationRouteCodeSequence', '3'), t3('InterventionDescription'),
    ], { vm: '1-n' }),
  ],
};

