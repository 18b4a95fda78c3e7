import type { Condition } from './types.js';
import { numberAbove, present, undecidable, valueIs } from './conditions.js';
import { defined, enumerated, sq, t1, t1c, t2, t2c, t3 } from './define.js';
import { GENERAL_ANATOMY_OPTIONAL, codeSequence } from './macros.js';
import type { ModuleDefinition } from './types.js';

const organization = (...values: number[]): Condition => valueIs('PixelComponentOrganization', values);

export const US_REGION_CALIBRATION: ModuleDefinition = {
  id: 'us-region-calibration',
  name: 'US Region Calibration',
  section: 'C.8.5.5',
  attributes: [
    sq('SequenceOfUltrasoundRegions', '1', [
      t1('RegionLocationMinX0'), t1('RegionLocationMinY0'), t1('RegionLocationMaxX1'), t1('RegionLocationMaxY1'),
      t1('PhysicalUnitsXDirection'), t1('PhysicalUnitsYDirection'), t1('PhysicalDeltaX'), t1('PhysicalDeltaY'),
      t3('ReferencePixelX0'), t3('ReferencePixelY0'), t3('ReferencePixelPhysicalValueX'), t3('ReferencePixelPhysicalValueY'),
      t1('RegionSpatialFormat'), t1('RegionDataType'), t1('RegionFlags'),
      t1c('PixelComponentOrganization', undecidable),
      t1c('PixelComponentMask', organization(0)),
      t1c('PixelComponentRangeStart', organization(1)),
      t1c('PixelComponentRangeStop', organization(1)),
      t1c('PixelComponentPhysicalUnits', present('PixelComponentOrganization')),
      t1c('PixelComponentDataType', present('PixelComponentOrganization')),
      t1c('NumberOfTableBreakPoints', organization(0, 1)),
      t1c('TableOfXBreakPoints', organization(0, 1)),
      t1c('TableOfYBreakPoints', organization(0, 1)),
      t1c('NumberOfTableEntries', organization(2, 3)),
      t1c('TableOfPixelValues', organization(2)),
      t1c('TableOfParameterValues', organization(2)),
      codeSequence('PixelValueMappingCodeSequence', '1C', '1-n', { condition: organization(3) }),
      t3('TransducerFrequency'), t3('PulseRepetitionFrequency'), t3('DopplerCorrectionAngle'), t3('SteeringAngle'),
    ], { vm: '1-n' }),
  ],
};

const pi = (...values: string[]): Condition => valueIs('PhotometricInterpretation', values);

/** PS3.3 C.8.5.6 US Image module. */
export const US_IMAGE: ModuleDefinition = {
  id: 'us-image',
  name: 'US Image',
  section: 'C.8.5.6',
  attributes: [
    t1('SamplesPerPixel', { notZero: true, values: [{ kind: 'enumerated', values: [1], when: pi('MONOCHROME2', 'PALETTE COLOR') }, { kind: 'enumerated', values: [3], when: pi('RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_RCT', 'YBR_ICT') }] }),
    t1('PhotometricInterpretation', {
      values: [
        defined(['MONOCHROME2', 'PALETTE COLOR', 'RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT']),
        { kind: 'enumerated', values: ['MONOCHROME2', 'PALETTE COLOR'], when: valueIs('SamplesPerPixel', [1]) },
        { kind: 'enumerated', values: ['RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT'], when: valueIs('SamplesPerPixel', [3]) },
      ],
    }),
    t1('BitsAllocated', { values: [{ kind: 'enumerated', values: [8], when: pi('RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT') }, { kind: 'enumerated', values: [8, 16], when: pi('MONOCHROME2', 'PALETTE COLOR') }] }),
    t1('BitsStored', { values: [{ kind: 'enumerated', values: [8], when: pi('RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT') }, { kind: 'enumerated', values: [8, 16], when: pi('MONOCHROME2', 'PALETTE COLOR') }] }),
    t1('HighBit', { values: [{ kind: 'enumerated', values: [7], when: pi('RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT') }, { kind: 'enumerated', values: [7, 15], when: pi('MONOCHROME2', 'PALETTE COLOR') }] }),
    t1c('PlanarConfiguration', numberAbove('SamplesPerPixel', 1), { values: [enumerated([0, 1])] }),
    t1('PixelRepresentation', { values: [enumerated([0])] }),
    t1c('FrameIncrementPointer', present('NumberOfFrames')),
    t2('ImageType', { vm: '2-n' }),
    t1c('LossyImageCompression', undecidable, { values: [enumerated(['00', '01'])] }),
    t2c('NumberOfStages', present('StageName')),
    t2c('NumberOfViewsInStage', present('StageName')),
    t3('UltrasoundColorDataPresent', { values: [enumerated([0, 1])] }),
    t3('StageName'), codeSequence('StageCodeSequence', '3', '1-n'), t3('StageNumber'), t3('ViewName'), t3('ViewNumber'),
    ...GENERAL_ANATOMY_OPTIONAL,
    sq('ViewCodeSequence', '3', [], { vm: '1' }),
    t1c('AcquisitionDateTime', valueIs('Modality', ['IVUS'])),
    t3('TriggerTime'), t3('NominalInterval'), t3('BeatRejectionFlag', { values: [enumerated(['Y', 'N'])] }), t3('HeartRate'),
    t1c('IVUSAcquisition', valueIs('Modality', ['IVUS']), { values: [defined(['MOTOR_PULLBACK', 'MANUAL_PULLBACK', 'SELECTIVE', 'GATED_PULLBACK'])] }),
    t3('TransducerData'), t3('TransducerType'), t3('FocusDepth'), t3('MechanicalIndex'), t3('BoneThermalIndex'),
    t3('CranialThermalIndex'), t3('SoftTissueThermalIndex'), t3('DepthOfScanField'),
  ],
};

/** PS3.3 A.6 / A.7: Modality of US images is US. */
export const US_SERIES: ModuleDefinition = {
  id: 'us-series',
  name: 'US Series',
  section: 'A.6.4',
  attributes: [t1('Modality', { values: [enumerated(['US', 'IVUS'])] })],
};
