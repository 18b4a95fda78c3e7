import { absent, and, not, undecidable, valueIs } from './conditions.js';
import { enumerated, sq, t1, t1c, t2, t3 } from './define.js';
import { HIERARCHICAL_SOP_INSTANCE_REFERENCE, IMAGE_SOP_INSTANCE_REFERENCE, SOP_INSTANCE_REFERENCE, codeSequence } from './macros.js';
import type { AttributeDefinition, ModuleDefinition } from './types.js';

const valueType = (...types: string[]) => and(absent('ReferencedContentItemIdentifier'), valueIs('ValueType', types));

/** The value-by-type part shared by the root item and nested content items (PS3.3 C.17.3, Table C.17-5). */
const VALUE_ATTRIBUTES: readonly AttributeDefinition[] = [
  t1c('TextValue', valueType('TEXT')),
  codeSequence('ConceptCodeSequence', '1C', '1', { condition: valueType('CODE') }),
  sq('MeasuredValueSequence', '2C', [t1('NumericValue'), codeSequence('MeasurementUnitsCodeSequence', '1')], { vm: '0-1', condition: valueType('NUM') }),
  t1c('DateTime', valueType('DATETIME')),
  t1c('Date', valueType('DATE')),
  t1c('Time', valueType('TIME')),
  t1c('UID', valueType('UIDREF')),
  t1c('PersonName', valueType('PNAME')),
  sq('ReferencedSOPSequence', '1C', IMAGE_SOP_INSTANCE_REFERENCE, { vm: '1', condition: valueType('COMPOSITE', 'IMAGE', 'WAVEFORM') }),
  t1c('GraphicData', valueType('SCOORD', 'SCOORD3D')),
  t1c('GraphicType', valueType('SCOORD', 'SCOORD3D'), { values: [enumerated(['POINT', 'MULTIPOINT', 'POLYLINE', 'CIRCLE', 'ELLIPSE', 'POLYGON', 'ELLIPSOID'])] }),
  t1c('ReferencedFrameOfReferenceUID', valueType('SCOORD3D')),
  t1c('TemporalRangeType', valueType('TCOORD')),
  t1c('ContinuityOfContent', valueType('CONTAINER'), { values: [enumerated(['SEPARATE', 'CONTINUOUS'])] }),
];

const VALUE_TYPES = ['TEXT', 'NUM', 'CODE', 'DATETIME', 'DATE', 'TIME', 'UIDREF', 'PNAME', 'COMPOSITE', 'IMAGE', 'WAVEFORM', 'SCOORD', 'SCOORD3D', 'TCOORD', 'CONTAINER', 'TABLE'];
const RELATIONSHIPS = ['CONTAINS', 'HAS PROPERTIES', 'HAS OBS CONTEXT', 'HAS ACQ CONTEXT', 'INFERRED FROM', 'SELECTED FROM', 'HAS CONCEPT MOD'];

/** A nested content item; its Content Sequence holds items of the same shape (the tree is checked recursively). */
const CONTENT_ITEM_NODE: AttributeDefinition[] = [
  t1('RelationshipType', { values: [enumerated(RELATIONSHIPS)] }),
  t1c('ReferencedContentItemIdentifier', undecidable),
  t1c('ValueType', absent('ReferencedContentItemIdentifier'), { values: [enumerated(VALUE_TYPES)] }),
  codeSequence('ConceptNameCodeSequence', '1C', '1', { condition: and(absent('ReferencedContentItemIdentifier'), not(valueIs('RelationshipType', ['HAS CONCEPT MOD'])), undecidable) }),
  ...VALUE_ATTRIBUTES,
];
CONTENT_ITEM_NODE.push(sq('ContentSequence', '1C', CONTENT_ITEM_NODE, { vm: '1-n', condition: undecidable }));

export const SR_DOCUMENT_SERIES: ModuleDefinition = {
  id: 'sr-document-series',
  name: 'SR Document Series',
  section: 'C.17.1',
  attributes: [
    t1('Modality', { values: [enumerated(['SR'])] }),
    t1('SeriesInstanceUID'),
    t1('SeriesNumber'),
    t3('SeriesDate'), t3('SeriesTime'), t3('SeriesDescription'), codeSequence('SeriesDescriptionCodeSequence', '3'),
    sq('ReferencedPerformedProcedureStepSequence', '2', SOP_INSTANCE_REFERENCE, { vm: '0-1' }),
  ],
};

export const SR_DOCUMENT_GENERAL: ModuleDefinition = {
  id: 'sr-document-general',
  name: 'SR Document General',
  section: 'C.17.2',
  attributes: [
    t1('InstanceNumber'),
    t1('CompletionFlag', { values: [enumerated(['PARTIAL', 'COMPLETE'])] }),
    t3('CompletionFlagDescription'),
    t1('VerificationFlag', { values: [enumerated(['UNVERIFIED', 'VERIFIED'])] }),
    t1('ContentDate'),
    t1('ContentTime'),
    sq('VerifyingObserverSequence', '1C', [
      t1('VerifyingObserverName'), codeSequence('VerifyingObserverIdentificationCodeSequence', '2', '0-1'),
      t2('VerifyingOrganization'), t1('VerificationDateTime'),
    ], { vm: '1-n', condition: valueIs('VerificationFlag', ['VERIFIED']) }),
    sq('AuthorObserverSequence', '3', [t1('ObserverType', { values: [enumerated(['PSN', 'DEV'])] })], { vm: '1-n' }),
    sq('PredecessorDocumentsSequence', '1C', HIERARCHICAL_SOP_INSTANCE_REFERENCE, { vm: '1-n', condition: undecidable }),
    sq('IdenticalDocumentsSequence', '1C', HIERARCHICAL_SOP_INSTANCE_REFERENCE, { vm: '1-n', condition: undecidable }),
    sq('ReferencedRequestSequence', '1C', [t1('StudyInstanceUID'), sq('ReferencedStudySequence', '2', SOP_INSTANCE_REFERENCE)], { vm: '1-n', condition: undecidable }),
    codeSequence('PerformedProcedureCodeSequence', '2', '0-n'),
    sq('CurrentRequestedProcedureEvidenceSequence', '1C', HIERARCHICAL_SOP_INSTANCE_REFERENCE, { vm: '1-n', condition: undecidable }),
    sq('PertinentOtherEvidenceSequence', '1C', HIERARCHICAL_SOP_INSTANCE_REFERENCE, { vm: '1-n', condition: undecidable }),
  ],
};

/** The root content item: a CONTAINER with a concept name (document title). */
export const SR_DOCUMENT_CONTENT: ModuleDefinition = {
  id: 'sr-document-content',
  name: 'SR Document Content',
  section: 'C.17.3',
  attributes: [
    t1('ValueType', { values: [enumerated(['CONTAINER'])] }),
    codeSequence('ConceptNameCodeSequence', '1'),
    t1('ContinuityOfContent', { values: [enumerated(['SEPARATE', 'CONTINUOUS'])] }),
    sq('ContentTemplateSequence', '1C', [t1('MappingResource'), t1('TemplateIdentifier')], { vm: '1', condition: undecidable }),
    sq('ContentSequence', '1C', CONTENT_ITEM_NODE, { vm: '1-n', condition: undecidable }),
  ],
};

