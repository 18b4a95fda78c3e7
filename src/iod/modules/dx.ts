import type { AttributeDefinition, ModuleDefinition } from './types.js';
import { undecidable, valueIs } from './conditions.js';
import { enumerated, t1, t1c, t2, t3 } from './define.js';
import { BASIC_PIXEL_SPACING_CALIBRATION, GENERAL_ANATOMY_OPTIONAL, GENERAL_ANATOMY_REQUIRED, anatomicRegion, codeSequence, PRIMARY_ANATOMIC_STRUCTURE } from './macros.js';

const forPresentation = valueIs('PresentationIntentType', ['FOR PRESENTATION']);
const PIXEL_INTENSITY = [enumerated(['LIN', 'LOG', 'DISP'])];

export const DX_SERIES: ModuleDefinition = {
  id: 'dx-series',
  name: 'DX Series',
  section: 'C.8.11.1',
  attributes: [
    t1('Modality', { values: [enumerated(['DX', 'PX', 'IO', 'MG'])] }),
    t3('ReferencedPerformedProcedureStepSequence'),
    t1('PresentationIntentType', { values: [enumerated(['FOR PRESENTATION', 'FOR PROCESSING'])] }),
  ],
};

export const DX_ANATOMY_IMAGED: ModuleDefinition = {
  id: 'dx-anatomy-imaged',
  name: 'DX Anatomy Imaged',
  section: 'C.8.11.2',
  attributes: [t1('ImageLaterality', { values: [enumerated(['R', 'L', 'U', 'B'])] }), ...GENERAL_ANATOMY_REQUIRED],
};

export const DX_IMAGE: ModuleDefinition = {
  id: 'dx-image',
  name: 'DX Image',
  section: 'C.8.11.3',
  attributes: [
    t1('ImageType', { values: [enumerated(['ORIGINAL', 'DERIVED'], 0), enumerated(['PRIMARY', 'SECONDARY'], 1)], vm: '2-n' }),
    t1('SamplesPerPixel', { values: [enumerated([1])] }),
    t1('PhotometricInterpretation', { values: [enumerated(['MONOCHROME1', 'MONOCHROME2'])] }),
    t1('BitsAllocated', { values: [enumerated([8, 16])] }),
    t1('BitsStored', { values: [enumerated([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])] }),
    t1('HighBit'),
    t1('PixelRepresentation', { values: [enumerated([0])] }),
    t1('PixelIntensityRelationship', { values: PIXEL_INTENSITY }),
    t1('PixelIntensityRelationshipSign', { values: [enumerated([1, -1])] }),
    t1('RescaleIntercept'),
    t1('RescaleSlope', { notZero: true }),
    t1('RescaleType'),
    t1('PresentationLUTShape', { values: [enumerated(['IDENTITY', 'INVERSE'])] }),
    t1('LossyImageCompression', { values: [enumerated(['00', '01'])] }),
    t1c('LossyImageCompressionRatio', valueIs('LossyImageCompression', ['01'])),
    t1c('LossyImageCompressionMethod', valueIs('LossyImageCompression', ['01'])),
    t3('DerivationDescription'),
    t3('AcquisitionDeviceProcessingDescription'),
    t3('AcquisitionDeviceProcessingCode'),
    t1c('PatientOrientation', undecidable, { vm: '2' }),
    t3('CalibrationImage', { values: [enumerated(['YES', 'NO'])] }),
    t1('BurnedInAnnotation', { values: [enumerated(['YES', 'NO'])] }),
    t3('RecognizableVisualFeatures', { values: [enumerated(['YES', 'NO'])] }),
  ],
};

export const DX_DETECTOR: ModuleDefinition = {
  id: 'dx-detector',
  name: 'DX Detector',
  section: 'C.8.11.4',
  attributes: [
    t2('DetectorType', { values: [enumerated(['DIRECT', 'SCINTILLATOR', 'STORAGE', 'FILM'])] }),
    t3('DetectorConfiguration'), t3('DetectorDescription'), t3('DetectorMode'), t3('DetectorID'),
    t3('DateOfLastDetectorCalibration'), t3('TimeOfLastDetectorCalibration'),
    t1('ImagerPixelSpacing', { vm: '2', notZero: true }),
    ...BASIC_PIXEL_SPACING_CALIBRATION,
  ],
};

export const DX_POSITIONING: ModuleDefinition = {
  id: 'dx-positioning',
  name: 'DX Positioning',
  section: 'C.8.11.5',
  attributes: [
    codeSequence('ProjectionEponymousNameCodeSequence', '3'), t3('PatientPosition'), t3('ViewPosition'),
    codeSequence('ViewCodeSequence', '3'), t3('PatientOrientationCodeSequence'), t3('DistanceSourceToDetector'),
    t3('DistanceSourceToPatient'), t3('EstimatedRadiographicMagnificationFactor'),
  ],
};

export const CR_SERIES: ModuleDefinition = {
  id: 'cr-series',
  name: 'CR Series',
  section: 'C.8.1.1',
  attributes: [t2('BodyPartExamined'), t2('ViewPosition'), t3('FilterType'), t3('CollimatorGridName'), t3('FocalSpots'), t3('PlateType'), t3('PhosphorType')],
};

export const CR_IMAGE: ModuleDefinition = {
  id: 'cr-image',
  name: 'CR Image',
  section: 'C.8.1.2',
  attributes: [
    t1('PhotometricInterpretation', { values: [enumerated(['MONOCHROME1', 'MONOCHROME2'])] }),
    t3('KVP'), t3('PlateID'), t3('DistanceSourceToDetector'), t3('DistanceSourceToPatient'), t3('ExposureTime'),
    t3('XRayTubeCurrent'), t3('Exposure'), t3('ExposureInuAs'), t3('ImagerPixelSpacing'), ...BASIC_PIXEL_SPACING_CALIBRATION,
    t3('GeneratorPower'), t3('AcquisitionDeviceProcessingDescription'), t3('AcquisitionDeviceProcessingCode'),
    t3('CassetteOrientation', { values: [enumerated(['LANDSCAPE', 'PORTRAIT'])] }), t3('CassetteSize'), t3('ExposuresOnPlate'),
    t3('RelativeXRayExposure'), t3('Sensitivity'), ...GENERAL_ANATOMY_OPTIONAL,
  ],
};

export const INTRA_ORAL_SERIES: ModuleDefinition = {
  id: 'intra-oral-series',
  name: 'Intra-oral Series',
  section: 'C.8.11.9',
  attributes: [t1('Modality', { values: [enumerated(['IO'])] })],
};

const primaryStructureRequired = undecidable;
export const INTRA_ORAL_IMAGE: ModuleDefinition = {
  id: 'intra-oral-image',
  name: 'Intra-oral Image',
  section: 'C.8.11.10',
  attributes: [
    t1('PositionerType', { values: [enumerated(['CEPHALOSTAT', 'RIGID', 'NONE'])] }),
    t1('ImageLaterality', { values: [enumerated(['R', 'L', 'B'])] }),
    anatomicRegion('1'),
    { ...PRIMARY_ANATOMIC_STRUCTURE[0]!, type: '1C', condition: primaryStructureRequired } as AttributeDefinition,
  ],
};

/** X-ray acquisition modules used by DX/IO as user options; only their own required attributes are encoded. */
const xray = (id: string, name: string, section: string, attributes: readonly AttributeDefinition[]): ModuleDefinition => ({ id, name, section, attributes });
export const X_RAY_ACQUISITION_DOSE = xray('x-ray-acquisition-dose', 'X-Ray Acquisition Dose', 'C.8.7.8', [t3('KVP'), t3('XRayTubeCurrent'), t3('ExposureTime'), t3('Exposure')]);
export const X_RAY_GENERATION = xray('x-ray-generation', 'X-Ray Generation', 'C.8.7.9', [t3('KVP'), t3('XRayTubeCurrent'), t3('ExposureTime'), t3('Exposure')]);
export const X_RAY_FILTRATION = xray('x-ray-filtration', 'X-Ray Filtration', 'C.8.7.10', [t3('FilterType'), t3('FilterMaterial')]);
export const X_RAY_GRID = xray('x-ray-grid', 'X-Ray Grid', 'C.8.7.11', [t3('Grid')]);
export const X_RAY_COLLIMATOR = xray('x-ray-collimator', 'X-Ray Collimator', 'C.8.7.3', [t1('CollimatorShape', { values: [enumerated(['RECTANGULAR', 'CIRCULAR', 'POLYGONAL'])] })]);
export const X_RAY_TOMOGRAPHY_ACQUISITION = xray('x-ray-tomography-acquisition', 'X-Ray Tomography Acquisition', 'C.8.7.7', [t1('TomoLayerHeight'), t3('TomoAngle'), t3('TomoTime')]);

/** VOI LUT is mandatory FOR PRESENTATION and forbidden FOR PROCESSING in DX IODs (PS3.3 A.26.3). */
export const dxVoiLutRequired = forPresentation;
