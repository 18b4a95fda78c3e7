import type { Condition } from './types.js';
import { and, absent, undecidable, valueIs } from './conditions.js';
import { defined, enumerated, sq, t1, t1c, t2, t2c, t3 } from './define.js';
import { PERSON_IDENTIFICATION, SERIES_AND_INSTANCE_REFERENCE, SOP_INSTANCE_REFERENCE, codeSequence } from './macros.js';
import type { AttributeDefinition, ModuleDefinition } from './types.js';
import { CHARSET_TERMS } from '../../core/charset.js';

/**
 * Specific Character Set is required when a text value uses characters outside the default repertoire (ASCII). An
 * item that declares its own (PS3.5 7.5.1) is covered by it, whatever its text.
 */
const extendedCharactersUsed: Condition = ({ root }) => {
  const textVRs = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'UC', 'PN']);
  const scan = (ds: typeof root): boolean => {
    for (const el of ds) {
      if (el.isSequence) {
        const items = (el.value as { items: (typeof root)[] }).items;
        if (items.some((item) => !item.has('SpecificCharacterSet') && scan(item))) return true;
      } else if (textVRs.has(el.vr) && Buffer.isBuffer(el.value) && el.value.some((b) => b > 0x7f || b === 0x1b)) return true;
    }
    return false;
  };
  return scan(root);
};

const REFERENCE_SEQUENCES = ['ReferencedImageSequence', 'SourceImageSequence', 'ReferencedInstanceSequence', 'SourceInstanceSequence'];
/** The instance references others (the usual reference sequences of General Reference). */
export const instancesReferenced: Condition = ({ root }) => REFERENCE_SEQUENCES.some((k) => root.items(k).length > 0);

/**
 * An item of Private Data Element Characteristics Sequence (PS3.3 C.12.1): one private block, whether its elements
 * identify the patient (PS3.15 E.3.10 reads it to keep the safe ones) and, optionally, what each element is.
 */
const PRIVATE_DATA_ELEMENT_CHARACTERISTICS: readonly AttributeDefinition[] = [
  t1('PrivateGroupReference'),
  t1('PrivateCreatorReference'),
  sq('PrivateDataElementDefinitionSequence', '3', [
    t1('PrivateDataElement'), t1('PrivateDataElementValueMultiplicity'), t1('PrivateDataElementValueRepresentation'),
    t1c('PrivateDataElementNumberOfItems', valueIs('PrivateDataElementValueRepresentation', ['SQ'])),
    t1('PrivateDataElementName'), t1('PrivateDataElementKeyword'), t3('PrivateDataElementDescription'), t3('PrivateDataElementEncoding'), t3('RetrieveURI'),
  ], { vm: '1-n' }),
  t1('BlockIdentifyingInformationStatus', { values: [enumerated(['SAFE', 'UNSAFE', 'MIXED'])] }),
  t1c('NonidentifyingPrivateElements', valueIs('BlockIdentifyingInformationStatus', ['MIXED'])),
  sq('DeidentificationActionSequence', '3', [
    t1('IdentifyingPrivateElements'), t1('DeidentificationAction', { values: [enumerated(['D', 'Z', 'X', 'U'])] }),
  ], { vm: '1-n' }),
];

export const SOP_COMMON: ModuleDefinition = {
  id: 'sop-common',
  name: 'SOP Common',
  section: 'C.12.1',
  attributes: [
    t1('SOPClassUID'),
    t1('SOPInstanceUID'),
    // A term not known leaves the text it covers unreadable as meant: read in the default repertoire.
    t1c('SpecificCharacterSet', extendedCharactersUsed, { values: [defined(CHARSET_TERMS)] }),
    t3('InstanceCreationDate'),
    t3('InstanceCreationTime'),
    t3('InstanceCoercionDateTime'),
    t3('InstanceCreatorUID'),
    t3('RelatedGeneralSOPClassUID'),
    t3('OriginalSpecializedSOPClassUID'),
    sq('CodingSchemeIdentificationSequence', '3', [
      t1('CodingSchemeDesignator'), t1c('CodingSchemeRegistry', undecidable), t1c('CodingSchemeUID', undecidable),
      t2c('CodingSchemeExternalID', undecidable), t3('CodingSchemeName'), t3('CodingSchemeVersion'), t3('CodingSchemeResponsibleOrganization'),
    ], { vm: '1-n' }),
    // "&ZZXX" (PS3.3 Table C.12-1), as a DT's offset is (PS3.5 Table 6.2-1, DT notes): from -1200 to +1400, which
    // derive reads, and UTC +0000, not -0000 (RFC 2822's "local time", which some write for an unknown offset).
    t3('TimezoneOffsetFromUTC', {
      values: [
        { kind: 'form', values: ['an offset +HHMM or -HHMM from -1200 to +1400'], pattern: /^(\+(0\d|1[0-3])[0-5]\d|\+1400|-(0\d|1[01])[0-5]\d|-1200)$/ },
        { kind: 'form', values: ['an offset PS3.5 allows: UTC is +0000, never -0000'], pattern: /^(?!-0000$)/ },
      ],
    }),
    sq('ContributingEquipmentSequence', '3', [
      codeSequence('PurposeOfReferenceCodeSequence', '1'),
      t1('Manufacturer'), t3('InstitutionName'), t3('InstitutionAddress'), t3('StationName'), t3('InstitutionalDepartmentName'),
      t3('OperatorsName'), sq('OperatorIdentificationSequence', '3', PERSON_IDENTIFICATION, { vm: '1-n' }),
      t3('ManufacturerModelName'), t3('DeviceSerialNumber'), t3('SoftwareVersions'), t3('DeviceUID'), t3('SpatialResolution'),
      t3('DateOfLastCalibration'), t3('TimeOfLastCalibration'), t3('ContributionDateTime'), t3('ContributionDescription'),
    ], { vm: '1-n' }),
    t3('InstanceNumber'),
    t3('SOPInstanceStatus', { values: [defined(['NS', 'OR', 'AO', 'AA'])] }),
    t3('SOPAuthorizationDateTime'),
    t3('SOPAuthorizationComment'),
    t3('AuthorizationEquipmentCertificationNumber'),
    sq('EncryptedAttributesSequence', '1C', [t1('EncryptedContentTransferSyntaxUID'), t1('EncryptedContent')], { vm: '1-n', condition: undecidable }),
    sq('OriginalAttributesSequence', '3', [
      t2('SourceOfPreviousValues'),
      t1('AttributeModificationDateTime'),
      t1('ModifyingSystem'),
      t1('ReasonForTheAttributeModification', { values: [defined(['COERCE', 'CORRECT'])] }),
      sq('ModifiedAttributesSequence', '1', [], { vm: '1' }),
    ], { vm: '1-n' }),
    sq('HL7StructuredDocumentReferenceSequence', '1C', [...SOP_INSTANCE_REFERENCE, t1('HL7InstanceIdentifier'), t3('RetrieveURI')], { vm: '1-n', condition: undecidable }),
    t3('LongitudinalTemporalInformationModified', { values: [enumerated(['UNMODIFIED', 'MODIFIED', 'REMOVED'])] }),
    t1c('QueryRetrieveView', undecidable, { values: [enumerated(['CLASSIC', 'ENHANCED'])] }),
    t3('ContentQualification', { values: [enumerated(['PRODUCT', 'RESEARCH', 'SERVICE'])] }),
    t3('InstanceOriginStatus', { values: [defined(['LOCAL', 'IMPORTED'])] }),
    t3('BarcodeValue'),
    sq('PrivateDataElementCharacteristicsSequence', '3', PRIVATE_DATA_ELEMENT_CHARACTERISTICS, { vm: '1-n' }),
  ],
};

export const COMMON_INSTANCE_REFERENCE: ModuleDefinition = {
  id: 'common-instance-reference',
  name: 'Common Instance Reference',
  section: 'C.12.2',
  attributes: [
    sq('ReferencedSeriesSequence', '1C', [t1('SeriesInstanceUID'), sq('ReferencedInstanceSequence', '1', SOP_INSTANCE_REFERENCE, { vm: '1-n' })], {
      vm: '1-n',
      condition: and(instancesReferenced, absent('StudiesContainingOtherReferencedInstancesSequence')),
    }),
    sq('StudiesContainingOtherReferencedInstancesSequence', '1C', [t1('StudyInstanceUID'), ...SERIES_AND_INSTANCE_REFERENCE], {
      vm: '1-n',
      condition: undecidable,
    }),
  ],
};
