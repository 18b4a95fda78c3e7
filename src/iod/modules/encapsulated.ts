import { undecidable, valueIs } from './conditions.js';
import { defined, enumerated, sq, t1, t1c, t2, t3 } from './define.js';
import { PERFORMED_PROCEDURE_STEP_SUMMARY, REQUEST_ATTRIBUTES, SOP_INSTANCE_REFERENCE, codeSequence } from './macros.js';
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

export const ENCAPSULATED_DOCUMENT: ModuleDefinition = {
  id: 'encapsulated-document',
  name: 'Encapsulated Document',
  section: 'C.24.2',
  attributes: [
    t1('InstanceNumber'),
    t2('ContentDate'),
    t2('ContentTime'),
    t2('AcquisitionDateTime'),
    t1('BurnedInAnnotation', { values: [enumerated(['YES', 'NO'])] }),
    t3('RecognizableVisualFeatures', { values: [enumerated(['YES', 'NO'])] }),
    sq('SourceInstanceSequence', '1C', SOP_INSTANCE_REFERENCE, { vm: '1-n', condition: undecidable }),
    t2('DocumentTitle'),
    codeSequence('ConceptNameCodeSequence', '2', '0-1'),
    codeSequence('DocumentClassCodeSequence', '3', '1-n'),
    t3('VerificationFlag', { values: [enumerated(['UNVERIFIED', 'VERIFIED'])] }),
    t1c('HL7InstanceIdentifier', valueIs('MIMETypeOfEncapsulatedDocument', ['text/XML'])),
    t1('MIMETypeOfEncapsulatedDocument'),
    t1c('ListOfMIMETypes', undecidable),
    t1('EncapsulatedDocument'),
    t3('EncapsulatedDocumentLength'),
  ],
};

/** PS3.3 C.8.X Manufacturing 3D Model module (units of the model coordinates). */
export const MANUFACTURING_3D_MODEL: ModuleDefinition = {
  id: 'manufacturing-3d-model',
  name: 'Manufacturing 3D Model',
  section: 'C.35.2',
  attributes: [codeSequence('MeasurementUnitsCodeSequence', '1')],
};

/** IOD constraints of Encapsulated OBJ / MTL (PS3.3 A.85, A.86): modality M3D and the document's MIME type. */
const encapsulated3d = (id: string, name: string, section: string, mime: string): ModuleDefinition => ({
  id,
  name,
  section,
  attributes: [t1('Modality', { values: [enumerated(['M3D'])] }), t1('MIMETypeOfEncapsulatedDocument', { values: [enumerated([mime])] })],
});
export const ENCAPSULATED_OBJ_CONSTRAINTS = encapsulated3d('encapsulated-obj-constraints', 'Encapsulated OBJ', 'A.85', 'model/obj');
export const ENCAPSULATED_MTL_CONSTRAINTS = encapsulated3d('encapsulated-mtl-constraints', 'Encapsulated MTL', 'A.86', 'model/mtl');
