import { undecidable, valueIsAnyCase } from './conditions.js';
import { defined, enumerated, sq, t1, t1c, t2, t3 } from './define.js';
import { IMAGE_PIXEL_ATTRIBUTES } from './image.js';
import {
  ALGORITHM_IDENTIFICATION, HIERARCHICAL_SOP_INSTANCE_REFERENCE, IMAGE_SOP_INSTANCE_REFERENCE, PERFORMED_PROCEDURE_STEP_SUMMARY, REQUEST_ATTRIBUTES,
  SOP_INSTANCE_REFERENCE, codeSequence,
} from './macros.js';
import { MODALITIES } from './series.js';
import type { ModuleDefinition } from './types.js';

export const ENCAPSULATED_DOCUMENT_SERIES: ModuleDefinition = {
  id: 'encapsulated-document-series',
  name: 'Encapsulated Document Series',
  section: 'C.24.1',
  attributes: [
    t1('Modality', { values: [defined(MODALITIES)] }),
    t1('SeriesInstanceUID'),
    t1('SeriesNumber'),
    sq('ReferencedPerformedProcedureStepSequence', '3', SOP_INSTANCE_REFERENCE, { vm: '1' }),
    t3('SeriesDescription'),
    codeSequence('SeriesDescriptionCodeSequence', '3'),
    sq('RequestAttributesSequence', '3', REQUEST_ATTRIBUTES, { vm: '1-n' }),
    ...PERFORMED_PROCEDURE_STEP_SUMMARY,
  ],
};

/** A reference to a file the encapsulated document names (an OBJ its MTL, an MTL its texture), Sup 208. */
const relativeUri = t1c('RelativeURIReferenceWithinEncapsulatedDocument', undecidable);

/** PS3.3 C.24.2 Encapsulated Document module (Table C.24-2). */
export const ENCAPSULATED_DOCUMENT: ModuleDefinition = {
  id: 'encapsulated-document',
  name: 'Encapsulated Document',
  section: 'C.24.2',
  attributes: [
    t1('InstanceNumber'),
    t2('ContentDate'),
    t2('ContentTime'),
    t2('AcquisitionDateTime'),
    t3('ImageLaterality', { values: [enumerated(['R', 'L', 'U', 'B'])] }),
    t1('BurnedInAnnotation', { values: [enumerated(['YES', 'NO'])] }),
    t3('RecognizableVisualFeatures', { values: [enumerated(['YES', 'NO'])] }),
    sq('SourceInstanceSequence', '1C', [...SOP_INSTANCE_REFERENCE, codeSequence('PurposeOfReferenceCodeSequence', '3')], { vm: '1-n', condition: undecidable }),
    // Files the document refers to by relative URI: images in one sequence, other instances in the other.
    sq('ReferencedImageSequence', '3', [...IMAGE_SOP_INSTANCE_REFERENCE, relativeUri], { vm: '1-n' }),
    sq('ReferencedInstanceSequence', '3', [...SOP_INSTANCE_REFERENCE, relativeUri], { vm: '1-n' }),
    t2('DocumentTitle'),
    codeSequence('ConceptNameCodeSequence', '2', '0-1'),
    codeSequence('DocumentClassCodeSequence', '3', '1-n'),
    t3('VerificationFlag', { values: [enumerated(['UNVERIFIED', 'VERIFIED'])] }),
    t1c('HL7InstanceIdentifier', valueIsAnyCase('MIMETypeOfEncapsulatedDocument', ['text/XML'])),
    sq('PredecessorDocumentsSequence', '3', HIERARCHICAL_SOP_INSTANCE_REFERENCE, { vm: '1-n' }),
    sq('IdenticalDocumentsSequence', '3', HIERARCHICAL_SOP_INSTANCE_REFERENCE, { vm: '1-n' }),
    t1('MIMETypeOfEncapsulatedDocument'),
    t1c('ListOfMIMETypes', undecidable),
    t1('EncapsulatedDocument'),
    t3('EncapsulatedDocumentLength'),
  ],
};

/** PS3.3 C.35.1 Manufacturing 3D Model module (Table C.35.1-1). */
export const MANUFACTURING_3D_MODEL: ModuleDefinition = {
  id: 'manufacturing-3d-model',
  name: 'Manufacturing 3D Model',
  section: 'C.35.1',
  attributes: [
    codeSequence('MeasurementUnitsCodeSequence', '1'),
    t3('ModelModification', { values: [enumerated(['YES', 'NO'])] }),
    t3('ModelMirroring', { values: [enumerated(['YES', 'NO'])] }),
    codeSequence('ModelUsageCodeSequence', '3'),
    t3('ContentDescription'),
    sq('IconImageSequence', '3', IMAGE_PIXEL_ATTRIBUTES, { vm: '1' }),
    sq('DerivationAlgorithmSequence', '3', ALGORITHM_IDENTIFICATION, { vm: '1' }),
    // Shared by the models meant to be assembled together (PS3.17 RRRR.3), which also names the two below.
    t3('ModelGroupUID'),
    t3('RecommendedDisplayCIELabValue', { vm: '3' }),
    t3('RecommendedPresentationOpacity'),
  ],
};

/**
 * IOD constraints of the encapsulated document IODs: the document's MIME type (PS3.3 A.45.1.4, A.45.2.4, A.85.1.4,
 * A.85.2.4, A.85.3.4), in either case as RFC 2045 5.1 matches a type and subtype (so dciodvfy takes application/PDF),
 * and for the 3D models the modality M3D.
 */
const encapsulatedDocument = (id: string, name: string, section: string, mime: string, modality?: string): ModuleDefinition => ({
  id,
  name,
  section,
  attributes: [
    ...(modality ? [t1('Modality', { values: [enumerated([modality])] })] : []),
    t1('MIMETypeOfEncapsulatedDocument', { values: [{ kind: 'form', values: [`the MIME type ${mime}`], pattern: new RegExp(`^${mime}$`, 'i') }] }),
  ],
});
export const ENCAPSULATED_PDF_CONSTRAINTS = encapsulatedDocument('encapsulated-pdf-constraints', 'Encapsulated PDF', 'A.45.1', 'application/pdf');
export const ENCAPSULATED_CDA_CONSTRAINTS = encapsulatedDocument('encapsulated-cda-constraints', 'Encapsulated CDA', 'A.45.2', 'text/XML');
export const ENCAPSULATED_STL_CONSTRAINTS = encapsulatedDocument('encapsulated-stl-constraints', 'Encapsulated STL', 'A.85.1', 'model/stl', 'M3D');
export const ENCAPSULATED_OBJ_CONSTRAINTS = encapsulatedDocument('encapsulated-obj-constraints', 'Encapsulated OBJ', 'A.85.2', 'model/obj', 'M3D');
export const ENCAPSULATED_MTL_CONSTRAINTS = encapsulatedDocument('encapsulated-mtl-constraints', 'Encapsulated MTL', 'A.85.3', 'model/mtl', 'M3D');
