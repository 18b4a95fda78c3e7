import { absent, and, or, present, undecidable, valueIs } from './conditions.js';
import { enumerated, sq, t1, t1c, t2, t3 } from './define.js';
import type { AttributeDefinition } from './types.js';

// Macros of PS3.3 used inside modules. They are plain attribute lists: modules spread them (`...SOP_INSTANCE_REFERENCE`)
// or nest them as the items of a sequence.

/** PS3.3 Table 8.8-1 Code Sequence Macro (basic code attributes and the enhanced encoding mode). */
export const CODE_SEQUENCE: readonly AttributeDefinition[] = [
  // One of the three holds the code, and the others shall not be present (Table 8.8-1): a code of up to 16
  // characters in Code Value, a longer one in Long Code Value.
  t1c('CodeValue', and(absent('LongCodeValue'), absent('URNCodeValue')), { absentOtherwise: true }),
  t1c('CodingSchemeDesignator', or(present('CodeValue'), present('LongCodeValue'))),
  t1c('CodingSchemeVersion', undecidable),
  t1('CodeMeaning'),
  t1c('LongCodeValue', and(absent('CodeValue'), absent('URNCodeValue')), {
    absentOtherwise: true, values: [{ kind: 'form', values: ['longer than 16 characters (a shorter code is a Code Value)'], pattern: /^.{17,}$/s }],
  }),
  t1c('URNCodeValue', and(absent('CodeValue'), absent('LongCodeValue')), { absentOtherwise: true }),
  t3('ContextIdentifier'),
  t3('ContextUID'),
  t1c('MappingResource', present('ContextIdentifier')),
  t3('MappingResourceUID'),
  t1c('ContextGroupVersion', present('ContextIdentifier')),
  t3('ContextGroupExtensionFlag', { values: [enumerated(['Y', 'N'])] }),
  t1c('ContextGroupLocalVersion', valueIs('ContextGroupExtensionFlag', ['Y'])),
  t1c('ContextGroupExtensionCreatorUID', valueIs('ContextGroupExtensionFlag', ['Y'])),
];

/** A code sequence holding exactly one item (the common "Only a single Item shall be included"). */
export const codeSequence = (keyword: string, type: AttributeDefinition['type'], vm = '1', extra: Partial<AttributeDefinition> = {}): AttributeDefinition =>
  sq(keyword, type, CODE_SEQUENCE, { vm, ...extra });

/** PS3.3 Table 10-11 SOP Instance Reference Macro. */
export const SOP_INSTANCE_REFERENCE: readonly AttributeDefinition[] = [t1('ReferencedSOPClassUID'), t1('ReferencedSOPInstanceUID')];

/** PS3.3 Table C.17-3 Hierarchical SOP Instance Reference Macro (study, then its series, then their instances). */
export const HIERARCHICAL_SOP_INSTANCE_REFERENCE: readonly AttributeDefinition[] = [
  t1('StudyInstanceUID'),
  sq('ReferencedSeriesSequence', '1', [t1('SeriesInstanceUID'), sq('ReferencedSOPSequence', '1', SOP_INSTANCE_REFERENCE, { vm: '1-n' })], { vm: '1-n' }),
];

/** PS3.3 Table 10-3 Image SOP Instance Reference Macro (frame/segment numbers depend on the referenced object). */
export const IMAGE_SOP_INSTANCE_REFERENCE: readonly AttributeDefinition[] = [
  ...SOP_INSTANCE_REFERENCE,
  t1c('ReferencedFrameNumber', undecidable, { notZero: true }),
  t1c('ReferencedSegmentNumber', undecidable, { notZero: true }),
];

/** PS3.3 Table 10-19 Algorithm Identification Macro. */
export const ALGORITHM_IDENTIFICATION: readonly AttributeDefinition[] = [
  codeSequence('AlgorithmFamilyCodeSequence', '1'),
  codeSequence('AlgorithmNameCodeSequence', '3'),
  t1('AlgorithmName'),
  t1('AlgorithmVersion'),
  t3('AlgorithmParameters'),
  t3('AlgorithmSource'),
];

/** PS3.3 Table 10-17 HL7v2 Hierarchic Designator Macro. */
export const HL7V2_HIERARCHIC_DESIGNATOR: readonly AttributeDefinition[] = [
  t1c('LocalNamespaceEntityID', absent('UniversalEntityID')),
  t1c('UniversalEntityID', absent('LocalNamespaceEntityID')),
  t1c('UniversalEntityIDType', present('UniversalEntityID'), { values: [{ kind: 'defined', values: ['DNS', 'EUI64', 'ISO', 'URI', 'UUID', 'X400', 'X500'] }] }),
];

/** PS3.3 Table 10-1 Person Identification Macro. */
export const PERSON_IDENTIFICATION: readonly AttributeDefinition[] = [
  sq('PersonIdentificationCodeSequence', '1', CODE_SEQUENCE, { vm: '1-n' }),
  t3('PersonAddress'),
  t3('PersonTelephoneNumbers'),
  t1c('InstitutionName', absent('InstitutionCodeSequence')),
  t3('InstitutionAddress'),
  sq('InstitutionCodeSequence', '1C', CODE_SEQUENCE, { vm: '1', condition: absent('InstitutionName') }),
];

/** PS3.3 Table 10-18 Issuer of Patient ID Macro. */
export const ISSUER_OF_PATIENT_ID: readonly AttributeDefinition[] = [
  t3('IssuerOfPatientID'),
  sq('IssuerOfPatientIDQualifiersSequence', '3', [
    t3('UniversalEntityID'),
    t3('UniversalEntityIDType'),
    t3('IdentifierTypeCode'),
    sq('AssigningFacilitySequence', '3', HL7V2_HIERARCHIC_DESIGNATOR, { vm: '1' }),
    codeSequence('AssigningJurisdictionCodeSequence', '3'),
    codeSequence('AssigningAgencyOrDepartmentCodeSequence', '3'),
  ], { vm: '1' }),
];

/** PS3.3 Table 10-8 Primary Anatomic Structure Macro. */
export const PRIMARY_ANATOMIC_STRUCTURE: readonly AttributeDefinition[] = [
  sq('PrimaryAnatomicStructureSequence', '3', [...CODE_SEQUENCE, codeSequence('PrimaryAnatomicStructureModifierSequence', '3', '1-n')], { vm: '1-n' }),
];

const ANATOMIC_REGION_ITEM = [...CODE_SEQUENCE, codeSequence('AnatomicRegionModifierSequence', '3', '1-n')];

/** An Anatomic Region Sequence of the given type, with its modifier sequence. */
export const anatomicRegion = (type: AttributeDefinition['type'], vm = '1', extra: Partial<AttributeDefinition> = {}): AttributeDefinition =>
  sq('AnatomicRegionSequence', type, ANATOMIC_REGION_ITEM, { vm, ...extra });

/** PS3.3 Table 10-5 General Anatomy Mandatory Macro. */
export const GENERAL_ANATOMY_MANDATORY: readonly AttributeDefinition[] = [anatomicRegion('1'), ...PRIMARY_ANATOMIC_STRUCTURE];
/** PS3.3 Table 10-6 General Anatomy Required Macro. */
export const GENERAL_ANATOMY_REQUIRED: readonly AttributeDefinition[] = [anatomicRegion('2', '0-1'), ...PRIMARY_ANATOMIC_STRUCTURE];
/** PS3.3 Table 10-7 General Anatomy Optional Macro. */
export const GENERAL_ANATOMY_OPTIONAL: readonly AttributeDefinition[] = [anatomicRegion('3'), ...PRIMARY_ANATOMIC_STRUCTURE];

/** PS3.3 Table 10-10 Basic Pixel Spacing Calibration Macro. */
export const BASIC_PIXEL_SPACING_CALIBRATION: readonly AttributeDefinition[] = [
  t1c('PixelSpacing', undecidable, { notZero: true }),
  t3('PixelSpacingCalibrationType', { values: [enumerated(['GEOMETRY', 'FIDUCIAL'])] }),
  t1c('PixelSpacingCalibrationDescription', present('PixelSpacingCalibrationType')),
];

/**
 * PS3.3 Table 10-2 Content Item Macro (value by Value Type). Each value attribute is required for its Value Type, and
 * its condition not saying "may be present otherwise", not present for another (PS3.5 7.4.3), as dciodvfy checks.
 */
const ONLY_THEN = { absentOtherwise: true } as const;
export const CONTENT_ITEM: readonly AttributeDefinition[] = [
  t1('ValueType', { values: [{ kind: 'defined', values: ['DATETIME', 'DATE', 'TIME', 'PNAME', 'UIDREF', 'TEXT', 'CODE', 'NUMERIC', 'COMPOSITE', 'IMAGE'] }] }),
  codeSequence('ConceptNameCodeSequence', '1'),
  t1c('DateTime', valueIs('ValueType', ['DATETIME']), ONLY_THEN),
  t1c('Date', valueIs('ValueType', ['DATE']), ONLY_THEN),
  t1c('Time', valueIs('ValueType', ['TIME']), ONLY_THEN),
  t1c('PersonName', valueIs('ValueType', ['PNAME']), ONLY_THEN),
  t1c('UID', valueIs('ValueType', ['UIDREF']), ONLY_THEN),
  t1c('TextValue', valueIs('ValueType', ['TEXT']), ONLY_THEN),
  codeSequence('ConceptCodeSequence', '1C', '1', { condition: valueIs('ValueType', ['CODE']), ...ONLY_THEN }),
  t1c('NumericValue', valueIs('ValueType', ['NUMERIC']), ONLY_THEN),
  codeSequence('MeasurementUnitsCodeSequence', '1C', '1', { condition: valueIs('ValueType', ['NUMERIC']), ...ONLY_THEN }),
  sq('ReferencedSOPSequence', '1C', IMAGE_SOP_INSTANCE_REFERENCE, { vm: '1', condition: valueIs('ValueType', ['COMPOSITE', 'IMAGE']), ...ONLY_THEN }),
];

/**
 * PS3.3 Table C.7.6.16-12b Real World Value Mapping Item Macro: the stored values mapped, as integers or as double
 * floats (one form required when the other is absent), by a slope and intercept or a LUT (likewise), with what the
 * values mean. An empty item lacks them all, as dciodvfy reports it.
 */
export const REAL_WORLD_VALUE_MAPPING_ITEM: readonly AttributeDefinition[] = [
  t1c('RealWorldValueFirstValueMapped', absent('DoubleFloatRealWorldValueFirstValueMapped')),
  t1c('RealWorldValueLastValueMapped', absent('DoubleFloatRealWorldValueLastValueMapped')),
  t1c('DoubleFloatRealWorldValueFirstValueMapped', absent('RealWorldValueFirstValueMapped')),
  t1c('DoubleFloatRealWorldValueLastValueMapped', absent('RealWorldValueLastValueMapped')),
  t1c('RealWorldValueIntercept', absent('RealWorldValueLUTData')),
  t1c('RealWorldValueSlope', absent('RealWorldValueLUTData')),
  t1c('RealWorldValueLUTData', absent('RealWorldValueIntercept')),
  t1('LUTExplanation'),
  t1('LUTLabel'),
  codeSequence('MeasurementUnitsCodeSequence', '1'),
  sq('QuantityDefinitionSequence', '3', CONTENT_ITEM, { vm: '1-n' }),
];

/** PS3.3 Table 10-9 Request Attributes Macro (the commonly used part). */
export const REQUEST_ATTRIBUTES: readonly AttributeDefinition[] = [
  t1c('RequestedProcedureID', undecidable),
  t3('AccessionNumber'),
  t3('StudyInstanceUID'),
  sq('ReferencedStudySequence', '3', SOP_INSTANCE_REFERENCE, { vm: '1-n' }),
  t3('RequestedProcedureDescription'),
  codeSequence('RequestedProcedureCodeSequence', '3'),
  t3('ReasonForTheRequestedProcedure'),
  codeSequence('ReasonForRequestedProcedureCodeSequence', '3', '1-n'),
  t1c('ScheduledProcedureStepID', undecidable),
  t3('ScheduledProcedureStepDescription'),
  codeSequence('ScheduledProtocolCodeSequence', '3', '1-n'),
];

/** PS3.3 Table 10-16 Performed Procedure Step Summary Macro. */
export const PERFORMED_PROCEDURE_STEP_SUMMARY: readonly AttributeDefinition[] = [
  t3('PerformedProcedureStepID'),
  t3('PerformedProcedureStepStartDate'),
  t3('PerformedProcedureStepStartTime'),
  t3('PerformedProcedureStepDescription'),
  codeSequence('PerformedProtocolCodeSequence', '3', '1-n'),
  t3('CommentsOnThePerformedProcedureStep'),
];

/** PS3.3 Table 10-12 Content Identification Macro. */
export const CONTENT_IDENTIFICATION: readonly AttributeDefinition[] = [
  t1('InstanceNumber'),
  t1('ContentLabel'),
  t2('ContentDescription'),
  t2('ContentCreatorName'),
];

/** The shape of references to instances in other series/studies (Series and Instance Reference Macro, Table 10-4). */
export const SERIES_AND_INSTANCE_REFERENCE: readonly AttributeDefinition[] = [
  sq('ReferencedSeriesSequence', '1', [t1('SeriesInstanceUID'), sq('ReferencedInstanceSequence', '1', SOP_INSTANCE_REFERENCE, { vm: '1-n' })], { vm: '1-n' }),
];
