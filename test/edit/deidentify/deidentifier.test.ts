import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../../src/core/dataset.js';
import { Element } from '../../../src/core/element.js';
import { tagOf } from '../../../src/core/dictionary.js';
import { Deidentifier } from '../../../src/edit/deidentify/deidentifier.js';
import type { ProfileOption } from '../../../src/edit/deidentify/profile-types.js';
import { DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, ENCAPSULATED_OBJ_STORAGE, VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../../../src/iod/builders/sop-classes.js';
import { readDataset } from '../../../src/io/part10-reader.js';
import { encodeDataset } from '../../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE } from '../../../src/io/transfer-syntax.js';
import { TBP_GROUP, tbpKey } from '../../../src/tbp/private-dictionary.js';
import { readLesionFacts, setTbp } from '../../../src/tbp/tbp-attributes.js';
import { meshKey, setMeshPrivate } from '../../../src/tbp/mesh/mesh-private.js';
import { setOverlay } from '../../helpers/overlay-plane.js';
import { parseMtl } from '../../../src/mesh/mtl.js';
import { asUnknown, privateBlockAsUnknown } from '../../helpers/unknown-vr.js';

/** A VL Photographic header with what each test adds. */
function image(fill: (ds: Dataset) => void): Dataset {
  const ds = new Dataset();
  ds.set('SOPClassUID', VL_PHOTOGRAPHIC_IMAGE_STORAGE);
  ds.set('SOPInstanceUID', '2.25.1');
  ds.set('PatientID', 'PID1');
  ds.set('PatientName', 'Doe^John');
  ds.set('BurnedInAnnotation', 'NO');
  ds.set('RecognizableVisualFeatures', 'NO');
  fill(ds);
  return ds;
}

const deidentified = (ds: Dataset, options: ProfileOption[] = []): Dataset => {
  const outcome = new Deidentifier({ options }).deidentify(ds);
  assert.deepEqual(outcome, { written: true });
  return ds;
};

function report(ds: Dataset): void {
  ds.set('ContentSequence[0].ValueType', 'TEXT');
  ds.set('ContentSequence[0].ConceptNameCodeSequence[0].CodeValue', '121030');
  ds.set('ContentSequence[0].ConceptNameCodeSequence[0].CodingSchemeDesignator', 'DCM');
  ds.set('ContentSequence[0].ConceptNameCodeSequence[0].CodeMeaning', 'Subject ID');
  ds.set('ContentSequence[0].TextValue', 'PID1, Doe John, 50y');
  ds.set('ContentSequence[1].ValueType', 'PNAME');
  ds.set('ContentSequence[1].PersonName', 'Doe^John');
  ds.set('ContentSequence[1].ContentSequence[0].ValueType', 'TEXT');
  ds.set('ContentSequence[1].ContentSequence[0].TextValue', 'called John at home');
}

test('the text of Content Sequence items gets a dummy (D), or is cleaned under Clean Structured Content; concept codes stay', () => {
  const basic = deidentified(image(report));
  assert.equal(basic.getString('ContentSequence[0].TextValue'), 'ANONYMIZED');
  assert.equal(basic.getString('ContentSequence[1].PersonName'), 'ANONYMIZED^');
  assert.equal(basic.getString('ContentSequence[1].ContentSequence[0].TextValue'), 'ANONYMIZED');
  assert.equal(basic.getString('ContentSequence[0].ConceptNameCodeSequence[0].CodeMeaning'), 'Subject ID');
  assert.equal(basic.getString('ContentSequence[0].ValueType'), 'TEXT');

  const cleaned = deidentified(image(report), ['cleanStructuredContent']);
  assert.equal(cleaned.getString('ContentSequence[0].TextValue'), 'CLEANED');
  assert.equal(cleaned.getString('ContentSequence[1].ContentSequence[0].TextValue'), 'CLEANED');
  assert.deepEqual(cleaned.getStrings('DeidentificationMethodCodeSequence[1].CodeValue'), ['113104']);
});

test('a code of a private or local scheme in Content Sequence items loses its value and meaning; its scheme and standard codes stay', () => {
  const coded = (ds: Dataset): void => {
    ds.set('ContentSequence[0].ValueType', 'CODE');
    ds.set('ContentSequence[0].ConceptNameCodeSequence[0].CodeValue', '121106');
    ds.set('ContentSequence[0].ConceptNameCodeSequence[0].CodingSchemeDesignator', 'DCM');
    ds.set('ContentSequence[0].ConceptNameCodeSequence[0].CodeMeaning', 'Comment');
    ds.set('ContentSequence[0].ConceptCodeSequence[0].CodeValue', 'SMITHCLIN');
    ds.set('ContentSequence[0].ConceptCodeSequence[0].CodingSchemeDesignator', '99LOCAL');
    ds.set('ContentSequence[0].ConceptCodeSequence[0].CodeMeaning', "Dr Smith's clinic");
    ds.set('ContentSequence[1].ValueType', 'CODE');
    ds.set('ContentSequence[1].ConceptCodeSequence[0].CodeValue', 'ROE');
    ds.set('ContentSequence[1].ConceptCodeSequence[0].CodingSchemeDesignator', 'L');
    ds.set('ContentSequence[1].ConceptCodeSequence[0].CodeMeaning', 'seen by Dr Roe');
  };
  for (const [options, dummy] of [[[], 'ANONYMIZED'], [['cleanStructuredContent'], 'CLEANED']] as [ProfileOption[], string][]) {
    const ds = deidentified(image(coded), options);
    for (const item of [0, 1]) {
      assert.equal(ds.getString(`ContentSequence[${item}].ConceptCodeSequence[0].CodeValue`), dummy, options.join());
      assert.equal(ds.getString(`ContentSequence[${item}].ConceptCodeSequence[0].CodeMeaning`), dummy, options.join());
    }
    assert.equal(ds.getString('ContentSequence[0].ConceptCodeSequence[0].CodingSchemeDesignator'), '99LOCAL');
    assert.equal(ds.getString('ContentSequence[0].ConceptNameCodeSequence[0].CodeMeaning'), 'Comment');
  }
});

test("an SR document's title of a local scheme (its root item's concept name) loses its value and meaning as its content items' codes do", () => {
  const titled = (ds: Dataset): void => {
    ds.set('ValueType', 'CONTAINER');
    ds.set('ConceptNameCodeSequence[0].CodeValue', 'SMITHRPT');
    ds.set('ConceptNameCodeSequence[0].CodingSchemeDesignator', '99LOCAL');
    ds.set('ConceptNameCodeSequence[0].CodeMeaning', "Dr Smith's clinic report");
    ds.set('ContentSequence[0].ValueType', 'TEXT');
  };
  const ds = deidentified(image(titled));
  assert.equal(ds.getString('ConceptNameCodeSequence[0].CodeMeaning'), 'ANONYMIZED');
  assert.equal(ds.getString('ConceptNameCodeSequence[0].CodeValue'), 'ANONYMIZED');
  assert.equal(ds.getString('ConceptNameCodeSequence[0].CodingSchemeDesignator'), '99LOCAL');
  assert.equal(deidentified(image(titled), ['cleanStructuredContent']).getString('ConceptNameCodeSequence[0].CodeMeaning'), 'CLEANED');
  const standard = deidentified(image((d) => {
    d.set('ValueType', 'CONTAINER');
    d.set('ConceptNameCodeSequence[0].CodeValue', '18748-4');
    d.set('ConceptNameCodeSequence[0].CodingSchemeDesignator', 'LN');
    d.set('ConceptNameCodeSequence[0].CodeMeaning', 'Diagnostic Imaging Report');
  }));
  assert.equal(standard.getString('ConceptNameCodeSequence[0].CodeMeaning'), 'Diagnostic Imaging Report');
});

test("a code of a private or local scheme in a kept sequence (Anatomic Region, Procedure Code, a Concept Name) loses its value and meaning, cleaned under Clean Descriptors; this toolkit's own 99TBP codes and standard codes stay", () => {
  const coded = (ds: Dataset): void => {
    ds.set('AnatomicRegionSequence[0].CodeValue', 'SMITHMAP');
    ds.set('AnatomicRegionSequence[0].CodingSchemeDesignator', '99CLINIC');
    ds.set('AnatomicRegionSequence[0].CodeMeaning', "Dr Smith's mole map, region 3");
    ds.set('ProcedureCodeSequence[0].LongCodeValue', 'ROE-PROTOCOL-2024-BASEL');
    ds.set('ProcedureCodeSequence[0].CodingSchemeDesignator', 'L');
    ds.set('ProcedureCodeSequence[0].CodeMeaning', "Dr Smith's clinic protocol");
    ds.set('RealWorldValueMappingSequence[0].QuantityDefinitionSequence[0].ConceptNameCodeSequence[0].CodeValue', 'ROE1');
    ds.set('RealWorldValueMappingSequence[0].QuantityDefinitionSequence[0].ConceptNameCodeSequence[0].CodingSchemeDesignator', '99HOSP');
    ds.set('RealWorldValueMappingSequence[0].QuantityDefinitionSequence[0].ConceptNameCodeSequence[0].CodeMeaning', 'Roe lab step');
    ds.set('DerivationCodeSequence[0].CodeValue', 'CROP-MANUAL');
    ds.set('DerivationCodeSequence[0].CodingSchemeDesignator', '99TBP');
    ds.set('DerivationCodeSequence[0].CodeMeaning', 'Manual Selection');
    ds.set('DerivationCodeSequence[1].CodeValue', 'CROP-MANUAL');
    ds.set('DerivationCodeSequence[1].CodingSchemeDesignator', '99TBP');
    ds.set('DerivationCodeSequence[1].CodeMeaning', 'Cropped by Dr Smith');
    ds.set('AnatomicRegionSequence[1].CodeValue', '39937001');
    ds.set('AnatomicRegionSequence[1].CodingSchemeDesignator', 'SCT');
    ds.set('AnatomicRegionSequence[1].CodeMeaning', 'Skin');
  };
  const concept = 'RealWorldValueMappingSequence[0].QuantityDefinitionSequence[0].ConceptNameCodeSequence[0]';
  for (const [options, dummy] of [[[], 'ANONYMIZED'], [['cleanDescriptors'], 'CLEANED']] as [ProfileOption[], string][]) {
    const ds = deidentified(image(coded), options);
    const at = (path: string): string | undefined => ds.getString(path);
    assert.deepEqual([at('AnatomicRegionSequence[0].CodeValue'), at('AnatomicRegionSequence[0].CodingSchemeDesignator'), at('AnatomicRegionSequence[0].CodeMeaning')], [dummy, '99CLINIC', dummy], options.join());
    assert.deepEqual([at('ProcedureCodeSequence[0].LongCodeValue'), at('ProcedureCodeSequence[0].CodingSchemeDesignator'), at('ProcedureCodeSequence[0].CodeMeaning')], [dummy, 'L', dummy], options.join());
    assert.deepEqual([at(`${concept}.CodeValue`), at(`${concept}.CodeMeaning`)], [dummy, dummy], options.join());
    assert.deepEqual([at('DerivationCodeSequence[0].CodeValue'), at('DerivationCodeSequence[0].CodeMeaning')], ['CROP-MANUAL', 'Manual Selection'], 'a code this toolkit defines');
    assert.deepEqual([at('DerivationCodeSequence[1].CodeValue'), at('DerivationCodeSequence[1].CodeMeaning')], [dummy, dummy], 'our scheme, a meaning we did not write');
    assert.deepEqual([at('AnatomicRegionSequence[1].CodeValue'), at('AnatomicRegionSequence[1].CodeMeaning')], ['39937001', 'Skin']);
  }
});

test('a scheme PS3.16 Table 8-1 does not list (LOCAL, MYCLINIC) is local whatever its designator: its codes lose value and meaning, its keeper and UID go; 99SDM (the SNOMED-DICOM Microglossary), the table\'s own, stays', () => {
  const coded = (ds: Dataset): void => {
    ds.set('AnatomicRegionSequence[0].CodeValue', 'SMITHMAP');
    ds.set('AnatomicRegionSequence[0].CodingSchemeDesignator', 'LOCAL');
    ds.set('AnatomicRegionSequence[0].CodeMeaning', "Dr Smith's mole map, region 3");
    ds.set('AnatomicRegionSequence[1].CodeValue', 'T-01000');
    ds.set('AnatomicRegionSequence[1].CodingSchemeDesignator', '99SDM');
    ds.set('AnatomicRegionSequence[1].CodeMeaning', 'Skin');
    ds.set('ContentSequence[0].ValueType', 'CODE');
    ds.set('ContentSequence[0].ConceptCodeSequence[0].CodeValue', 'ROE');
    ds.set('ContentSequence[0].ConceptCodeSequence[0].CodingSchemeDesignator', 'MYCLINIC');
    ds.set('ContentSequence[0].ConceptCodeSequence[0].CodeMeaning', 'Seen by Dr Roe');
    ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeDesignator', 'MYCLINIC');
    ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeName', "Dr Smith's clinic codes");
    ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeResponsibleOrganization', 'Smith Dermatology Clinic, Basel');
    ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeUID', '1.2.756.4711.2');
  };
  const ds = deidentified(image(coded));
  const at = (path: string): string | undefined => ds.getString(path);
  assert.deepEqual([at('AnatomicRegionSequence[0].CodeValue'), at('AnatomicRegionSequence[0].CodingSchemeDesignator'), at('AnatomicRegionSequence[0].CodeMeaning')], ['ANONYMIZED', 'LOCAL', 'ANONYMIZED']);
  assert.deepEqual([at('AnatomicRegionSequence[1].CodeValue'), at('AnatomicRegionSequence[1].CodeMeaning')], ['T-01000', 'Skin']);
  assert.deepEqual([at('ContentSequence[0].ConceptCodeSequence[0].CodeValue'), at('ContentSequence[0].ConceptCodeSequence[0].CodingSchemeDesignator'), at('ContentSequence[0].ConceptCodeSequence[0].CodeMeaning')], ['ANONYMIZED', 'MYCLINIC', 'ANONYMIZED']);
  assert.deepEqual(['CodingSchemeName', 'CodingSchemeResponsibleOrganization'].map((k) => at(`CodingSchemeIdentificationSequence[0].${k}`)), [undefined, undefined]);
  assert.notEqual(at('CodingSchemeIdentificationSequence[0].CodingSchemeUID'), '1.2.756.4711.2');
});

test('a local code in a sequence an option retains (Institution Code Sequence, Performed Station Name Code Sequence) is what the option keeps: value and meaning stay', () => {
  const coded = (ds: Dataset): void => {
    ds.set('InstitutionCodeSequence[0].CodeValue', 'SMITHCLIN');
    ds.set('InstitutionCodeSequence[0].CodingSchemeDesignator', '99HOSP');
    ds.set('InstitutionCodeSequence[0].CodeMeaning', 'Smith Dermatology Clinic');
    ds.set('PerformedStationNameCodeSequence[0].CodeValue', 'ROOM3');
    ds.set('PerformedStationNameCodeSequence[0].CodingSchemeDesignator', 'L');
    ds.set('PerformedStationNameCodeSequence[0].CodeMeaning', 'Dermoscopy room 3');
  };
  const codes = (ds: Dataset, sequence: string): (string | undefined)[] => [ds.getString(`${sequence}[0].CodeValue`), ds.getString(`${sequence}[0].CodeMeaning`)];
  const retained = deidentified(image(coded), ['retainInstitutionIdentity', 'retainDeviceIdentity']);
  assert.deepEqual(codes(retained, 'InstitutionCodeSequence'), ['SMITHCLIN', 'Smith Dermatology Clinic']);
  assert.deepEqual(codes(retained, 'PerformedStationNameCodeSequence'), ['ROOM3', 'Dermoscopy room 3']);
  const basic = deidentified(image(coded));
  assert.deepEqual(codes(basic, 'InstitutionCodeSequence'), ['ANONYMIZED', 'ANONYMIZED']);
  assert.equal(basic.has('PerformedStationNameCodeSequence'), false);
});

test("a private or local scheme's name, keeper and URL in Coding Scheme Identification Sequence are removed, kept under Retain Institution Identity; a standard scheme's and this toolkit's 99TBP declaration stay", () => {
  const declared = (ds: Dataset): void => {
    ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeDesignator', '99CLINIC');
    ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeName', "Dr Smith's mole map codes");
    ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeResponsibleOrganization', 'Smith Dermatology Clinic, Basel');
    ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeURL', 'https://smith-derm.example/codes');
    ds.set('CodingSchemeIdentificationSequence[1].CodingSchemeDesignator', '99TBP');
    ds.set('CodingSchemeIdentificationSequence[1].CodingSchemeName', 'tbp-dicom local codes (see docs/tbp-import.md)');
    ds.set('CodingSchemeIdentificationSequence[1].CodingSchemeResponsibleOrganization', 'tbp-dicom project');
    ds.set('CodingSchemeIdentificationSequence[2].CodingSchemeDesignator', 'SCT');
    ds.set('CodingSchemeIdentificationSequence[2].CodingSchemeName', 'SNOMED CT');
    ds.set('CodingSchemeIdentificationSequence[2].CodingSchemeResponsibleOrganization', 'SNOMED International');
  };
  const parts = ['CodingSchemeDesignator', 'CodingSchemeName', 'CodingSchemeResponsibleOrganization', 'CodingSchemeURL'];
  const item = (ds: Dataset, i: number): (string | undefined)[] => parts.map((k) => ds.getString(`CodingSchemeIdentificationSequence[${i}].${k}`));
  for (const options of [[], ['cleanDescriptors']] as ProfileOption[][]) {
    const ds = deidentified(image(declared), options);
    assert.deepEqual(item(ds, 0), ['99CLINIC', undefined, undefined, undefined], options.join());
    assert.deepEqual(item(ds, 1), ['99TBP', 'tbp-dicom local codes (see docs/tbp-import.md)', 'tbp-dicom project', undefined]);
    assert.deepEqual(item(ds, 2), ['SCT', 'SNOMED CT', 'SNOMED International', undefined]);
  }
  const retained = deidentified(image(declared), ['retainInstitutionIdentity']);
  assert.deepEqual(item(retained, 0), ['99CLINIC', "Dr Smith's mole map codes", 'Smith Dermatology Clinic, Basel', 'https://smith-derm.example/codes']);
});

test("a private or local scheme's Coding Scheme UID and its codes' Context UID (the institution's OID) are replaced, consistently, kept under Retain UIDs and Retain Institution Identity; a standard scheme's stay", () => {
  const declared = (ds: Dataset): void => {
    ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeDesignator', '99CLINIC');
    ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeUID', '1.2.756.4711.1');
    ds.set('CodingSchemeIdentificationSequence[1].CodingSchemeDesignator', 'SCT');
    ds.set('CodingSchemeIdentificationSequence[1].CodingSchemeUID', '2.16.840.1.113883.6.96');
    ds.set('AnatomicRegionSequence[0].CodeValue', 'SMITHMAP');
    ds.set('AnatomicRegionSequence[0].CodingSchemeDesignator', '99CLINIC');
    ds.set('AnatomicRegionSequence[0].CodeMeaning', "Dr Smith's mole map, region 3");
    ds.set('AnatomicRegionSequence[0].ContextUID', '1.2.756.4711.1');
    ds.set('AnatomicRegionSequence[1].CodeValue', '39937001');
    ds.set('AnatomicRegionSequence[1].CodingSchemeDesignator', 'SCT');
    ds.set('AnatomicRegionSequence[1].CodeMeaning', 'Skin');
    ds.set('AnatomicRegionSequence[1].ContextUID', '1.2.840.10008.6.1.2');
  };
  const uids = (ds: Dataset): (string | undefined)[] => [
    ds.getString('CodingSchemeIdentificationSequence[0].CodingSchemeUID'), ds.getString('AnatomicRegionSequence[0].ContextUID'),
    ds.getString('CodingSchemeIdentificationSequence[1].CodingSchemeUID'), ds.getString('AnatomicRegionSequence[1].ContextUID'),
  ];
  const [scheme, context, sct, cid] = uids(deidentified(image(declared)));
  assert.ok(scheme && !scheme.startsWith('1.2.756.4711'), `the institution's OID was kept: ${scheme}`);
  assert.equal(context, scheme, 'one OID, one replacement');
  assert.deepEqual([sct, cid], ['2.16.840.1.113883.6.96', '1.2.840.10008.6.1.2']);
  for (const option of ['retainUids', 'retainInstitutionIdentity'] as ProfileOption[]) {
    assert.deepEqual(uids(deidentified(image(declared), [option])), ['1.2.756.4711.1', '1.2.756.4711.1', '2.16.840.1.113883.6.96', '1.2.840.10008.6.1.2'], option);
  }
});

test("a code's Context Group Local Version (when the institution extended the group) goes with its Extension Creator UID: a dummy where that is replaced, under the date options too, kept where it is kept", () => {
  const extended = (ds: Dataset): void => {
    ds.set('AnatomicRegionSequence[0].CodeValue', '39937001');
    ds.set('AnatomicRegionSequence[0].CodingSchemeDesignator', 'SCT');
    ds.set('AnatomicRegionSequence[0].CodeMeaning', 'Skin');
    ds.set('AnatomicRegionSequence[0].ContextIdentifier', '4031');
    ds.set('AnatomicRegionSequence[0].MappingResource', 'DCMR');
    ds.set('AnatomicRegionSequence[0].ContextGroupExtensionFlag', 'Y');
    ds.set('AnatomicRegionSequence[0].ContextGroupLocalVersion', '20210314');
    ds.set('AnatomicRegionSequence[0].ContextGroupExtensionCreatorUID', '1.2.756.4711.1');
  };
  const extension = (options: ProfileOption[]): (string | undefined)[] => {
    const ds = deidentified(image(extended), options);
    return ['ContextGroupExtensionCreatorUID', 'ContextGroupLocalVersion'].map((k) => ds.getString(`AnatomicRegionSequence[0].${k}`));
  };
  for (const options of [[], ['retainLongitudinalFullDates'], ['retainLongitudinalModifiedDates']] as ProfileOption[][]) {
    const [creator, version] = extension(options);
    assert.match(creator ?? '', /^2\.25\./, options.join());
    assert.equal(version, '19000101000000', `${options.join() || 'the Basic Profile'}: the extension's version stayed beside its replaced creator`);
  }
  for (const options of [['retainUids'], ['retainInstitutionIdentity'], ['retainUids', 'retainLongitudinalModifiedDates']] as ProfileOption[][]) {
    assert.deepEqual(extension(options), ['1.2.756.4711.1', '20210314'], options.join());
  }
});

test("Encapsulated Document Length follows the dummy that replaces the document (D): it gave the original's length beside 8 bytes", () => {
  const ds = image((d) => {
    d.set('SOPClassUID', ENCAPSULATED_OBJ_STORAGE);
    d.set('MIMETypeOfEncapsulatedDocument', 'model/x-obj-variant');
    const obj = '# scan of Doe^Jane\nmtllib Doe_Jane.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n';
    d.set('EncapsulatedDocument', Buffer.from(`${obj} `), 'OB');
    d.set('EncapsulatedDocumentLength', obj.length, 'UL');
  });
  deidentified(ds);
  const document = ds.bytes('EncapsulatedDocument');
  assert.ok(document && document.length > 0 && !document.toString('latin1').includes('Doe'));
  assert.equal(ds.getNumber('EncapsulatedDocumentLength'), document.length);
});

test("under Modified Dates a code's Context Group Version and a template's Template Version (a DCMR release anyone can look up) are kept: moved by the patient's shift they would tell it", () => {
  const versioned = (ds: Dataset): void => {
    ds.set('StudyDate', '20240901');
    ds.set('AnatomicRegionSequence[0].CodeValue', '39937001');
    ds.set('AnatomicRegionSequence[0].CodingSchemeDesignator', 'SCT');
    ds.set('AnatomicRegionSequence[0].CodeMeaning', 'Skin');
    ds.set('AnatomicRegionSequence[0].ContextIdentifier', '4031');
    ds.set('AnatomicRegionSequence[0].MappingResource', 'DCMR');
    ds.set('AnatomicRegionSequence[0].ContextGroupVersion', '20200101');
    ds.set('ContentTemplateSequence[0].MappingResource', 'DCMR');
    ds.set('ContentTemplateSequence[0].TemplateIdentifier', '1500');
    ds.set('ContentTemplateSequence[0].TemplateVersion', '20200101');
  };
  const versions = (options: ProfileOption[]): (string | undefined)[] => {
    const ds = deidentified(image(versioned), options);
    return [ds.getString('StudyDate'), ds.getString('AnatomicRegionSequence[0].ContextGroupVersion'), ds.getString('ContentTemplateSequence[0].TemplateVersion')];
  };
  const [shifted, group, template] = versions(['retainLongitudinalModifiedDates']);
  assert.notEqual(shifted, '20240901', 'the study date moves');
  assert.deepEqual([group, template], ['20200101', '20200101'], "the releases moved by the patient's shift");
  assert.deepEqual(versions(['retainLongitudinalFullDates']), ['20240901', '20200101', '20200101']);
  assert.deepEqual(versions([]).slice(1), ['19000101000000', undefined], 'the Basic Profile: D and X, as the table has them');
});

test("a template's Template Local Version (when the institution extended it) goes with its Template Extension Creator and Organization UIDs: removed where they are replaced, under the date options too, kept under Retain UIDs", () => {
  const extended = (ds: Dataset): void => {
    ds.set('ContentTemplateSequence[0].MappingResource', 'DCMR');
    ds.set('ContentTemplateSequence[0].TemplateIdentifier', '1500');
    ds.set('ContentTemplateSequence[0].TemplateExtensionFlag', 'Y');
    ds.set('ContentTemplateSequence[0].TemplateLocalVersion', '20210314');
    ds.set('ContentTemplateSequence[0].TemplateExtensionOrganizationUID', '1.2.756.4711.2');
    ds.set('ContentTemplateSequence[0].TemplateExtensionCreatorUID', '1.2.756.4711.3');
  };
  const extension = (options: ProfileOption[]): (string | undefined)[] => {
    const ds = deidentified(image(extended), options);
    return ['TemplateExtensionCreatorUID', 'TemplateLocalVersion'].map((k) => ds.getString(`ContentTemplateSequence[0].${k}`));
  };
  for (const options of [[], ['retainLongitudinalFullDates'], ['retainLongitudinalModifiedDates']] as ProfileOption[][]) {
    const [creator, version] = extension(options);
    assert.match(creator ?? '', /^2\.25\./, options.join());
    assert.equal(version, undefined, `${options.join() || 'the Basic Profile'}: the extension's version stayed beside its replaced creator`);
  }
  assert.deepEqual(extension(['retainUids']), ['1.2.756.4711.3', '20210314']);
});

test("an Encapsulated OBJ's or MTL's dummy document is an empty model of its kind (an OBJ of no vertex, an MTL of one empty material), text their readers read, its length given", () => {
  for (const mime of ['model/obj', 'model/mtl']) {
    const ds = image((d) => {
      d.set('SOPClassUID', ENCAPSULATED_OBJ_STORAGE);
      d.set('MIMETypeOfEncapsulatedDocument', mime);
      d.set('EncapsulatedDocument', Buffer.from('# Doe^Jane\nv 0 0 0\n'), 'OB');
      d.set('EncapsulatedDocumentLength', 20, 'UL');
    });
    deidentified(ds);
    const document = ds.bytes('EncapsulatedDocument')!;
    const text = mime === 'model/obj' ? '# ANONYMIZED\n' : 'newmtl ANONYMIZED\n';
    assert.equal(document.toString('latin1').trimEnd(), text.trimEnd(), mime);
    assert.equal(ds.getNumber('EncapsulatedDocumentLength'), text.length, mime);
    if (mime === 'model/mtl') assert.deepEqual(parseMtl(document, 'MTL').maps, []);
  }
});

test('graphic annotation text is replaced (D) or cleaned (Clean Graphics)', () => {
  const annotated = (ds: Dataset): void => void ds.set('GraphicAnnotationSequence[0].TextObjectSequence[0].UnformattedTextValue', 'Doe John PID1 1970-01-01');
  const at = 'GraphicAnnotationSequence[0].TextObjectSequence[0].UnformattedTextValue';
  assert.equal(deidentified(image(annotated)).getString(at), 'ANONYMIZED');
  assert.equal(deidentified(image(annotated), ['cleanGraphics']).getString(at), 'CLEANED');
});

test('the codes of a sequence of identifying codes are replaced; a coded entry elsewhere is kept', () => {
  const ds = deidentified(image((d) => {
    d.set('PersonIdentificationCodeSequence[0].CodeValue', 'EMP-4711');
    d.set('PersonIdentificationCodeSequence[0].CodingSchemeDesignator', '99HOSP');
    d.set('PersonIdentificationCodeSequence[0].CodeMeaning', 'Dr. Jane Roe');
    d.set('AnatomicRegionSequence[0].CodeValue', '39937001');
    d.set('AnatomicRegionSequence[0].CodingSchemeDesignator', 'SCT');
    d.set('AnatomicRegionSequence[0].CodeMeaning', 'Skin');
  }));
  assert.equal(ds.getString('PersonIdentificationCodeSequence[0].CodeValue'), 'ANONYMIZED');
  assert.equal(ds.getString('PersonIdentificationCodeSequence[0].CodeMeaning'), 'ANONYMIZED');
  assert.equal(ds.getString('AnatomicRegionSequence[0].CodeMeaning'), 'Skin');
});

test('a patient known by name alone (no Patient ID) gets one pseudonym and date shift however the name is spelt with trailing delimiters (Doe^John, Doe^John^^^, Doe^John==)', () => {
  const deidentifier = new Deidentifier({ options: ['retainLongitudinalModifiedDates'] });
  const outcomes = ['Doe^John', 'Doe^John^^^', 'Doe^John==', 'Doe^John^^^=='].map((name) => {
    const ds = image((d) => {
      d.set('PatientName', name);
      d.set('PatientID', '');
      d.set('StudyDate', '20240101');
    });
    assert.deepEqual(deidentifier.deidentify(ds), { written: true });
    return [ds.getString('PatientName'), ds.getString('StudyDate')];
  });
  for (const outcome of outcomes.slice(1)) assert.deepEqual(outcome, outcomes[0]);
  const other = image((d) => {
    d.set('PatientName', 'Doe^Johnny');
    d.set('PatientID', '');
  });
  deidentifier.deidentify(other);
  assert.notEqual(other.getString('PatientName'), outcomes[0]![0], 'another name, another patient');
});

test('X/Z follows the IOD: a Type 3 sequence is removed, a Type 2 one emptied', () => {
  const ds = deidentified(image((d) => {
    d.set('ReferencedStudySequence[0].ReferencedSOPClassUID', '1.2.840.10008.3.1.2.3.1');
    d.set('ReferencedStudySequence[0].ReferencedSOPInstanceUID', '2.25.9');
    d.set('AcquisitionContextSequence[0].ValueType', 'TEXT');
    d.set('AcquisitionContextSequence[0].TextValue', 'Doe');
  }));
  assert.equal(ds.element('ReferencedStudySequence'), undefined);
  assert.deepEqual(ds.items('AcquisitionContextSequence'), []);
  assert.ok(ds.element('AcquisitionContextSequence'));
});

test('a clinical trial\'s Ethics Committee Name goes with the Approval Number the table removes, under Retain Institution Identity too: it is Type 1C, present only beside the number', () => {
  for (const options of [[], ['retainInstitutionIdentity']] as ProfileOption[][]) {
    const ds = deidentified(image((d) => {
      d.set('ClinicalTrialProtocolEthicsCommitteeName', 'Basel Ethics Committee');
      d.set('ClinicalTrialProtocolEthicsCommitteeApprovalNumber', 'EK-2024-17');
    }), options);
    assert.equal(ds.has('ClinicalTrialProtocolEthicsCommitteeApprovalNumber'), false);
    assert.equal(ds.has('ClinicalTrialProtocolEthicsCommitteeName'), false, options.join() || 'the Basic Profile');
  }
});

test('X/Z in the items of a sequence the IOD defines follows their table: Referenced Study Sequence, Type 3 in a Request Attributes Sequence kept under Clean Descriptors, is removed, not left empty', () => {
  const request = (d: Dataset): void => {
    d.set('RequestAttributesSequence[0].ReferencedStudySequence[0].ReferencedSOPClassUID', '1.2.840.10008.3.1.2.3.1');
    d.set('RequestAttributesSequence[0].ReferencedStudySequence[0].ReferencedSOPInstanceUID', '2.25.9');
    d.set('RequestAttributesSequence[0].RequestedProcedureDescription', 'Doe mole check');
  };
  const ds = deidentified(image(request), ['cleanDescriptors']);
  assert.equal(ds.items('RequestAttributesSequence').length, 1);
  assert.equal(ds.element('RequestAttributesSequence[0].ReferencedStudySequence'), undefined, 'an empty Type 3 sequence is an error');
  assert.equal(ds.getString('RequestAttributesSequence[0].RequestedProcedureDescription'), 'CLEANED');
  // Where no table names the sequence (an item of Waveform Annotation Sequence), X/Z still empties
  const other = deidentified(image((d) => d.set('WaveformAnnotationSequence[0].ReferencedStudySequence[0].ReferencedSOPInstanceUID', '2.25.9')));
  assert.ok(other.element('WaveformAnnotationSequence[0].ReferencedStudySequence'));
  assert.deepEqual(other.items('WaveformAnnotationSequence[0].ReferencedStudySequence'), []);
});

test('an overlay, curve or retired audio whose data the profile removes (X, or C under Clean Graphics) goes whole', () => {
  const drawn = (d: Dataset): void => {
    setOverlay(d, '6000', 8, 8, [1, 1]);
    d.set('(5002,0005)', 2, 'US');
    d.set('(5002,0010)', 2, 'US');
    d.set('(5002,0020)', 'POLY', 'CS');
    d.set('(5002,0022)', 'John Doe curve', 'LO');
    d.set('(5002,1001)', 'JDOE LAYER', 'CS');
    d.set('(5002,3000)', Buffer.from([0, 0, 1, 0, 1, 0, 0, 0]), 'OW');
    // Audio (retired), which old files keep in a 50xx group: type, channels, comments and its samples.
    d.set('(5004,2000)', 'DICTATION', 'CS');
    d.set('(5004,2004)', 1, 'US');
    d.set('(5004,200E)', 'Dictated by Dr John Doe', 'LT');
    d.set('(5004,200C)', Buffer.from([1, 2, 3, 4]), 'OW');
  };
  for (const options of [[], ['cleanGraphics']] as ProfileOption[][]) {
    const ds = deidentified(image(drawn), options);
    const left = [...ds].filter((el) => [0x5002, 0x5004, 0x6000].includes(el.tag >>> 16)).map((el) => el.tag.toString(16));
    assert.deepEqual(left, [], options.join() || 'the Basic Profile');
  }
});

test('Longitudinal Temporal Information Modified never drops below what an earlier pass recorded', () => {
  const once = deidentified(image((d) => d.set('StudyDate', '20200115')), ['retainLongitudinalModifiedDates']);
  assert.equal(once.getString('LongitudinalTemporalInformationModified'), 'MODIFIED');
  const twice = deidentified(once, ['retainLongitudinalFullDates']);
  assert.equal(twice.getString('LongitudinalTemporalInformationModified'), 'MODIFIED');
  const removed = deidentified(twice);
  assert.equal(removed.getString('LongitudinalTemporalInformationModified'), 'REMOVED');
});

test('an earlier De-identification Method is kept before ours only when the object says its identity was removed, and only values an LO holds', () => {
  const ours = deidentified(image(() => undefined)).getStrings('DeidentificationMethod');
  const notBefore = deidentified(image((d) => {
    d.set('PatientIdentityRemoved', 'NO');
    d.set('DeidentificationMethod', 'LEAK checked by Dr Roe, St Mary');
    d.set('DeidentificationMethodCodeSequence[0].CodeValue', '113100');
    d.set('DeidentificationMethodCodeSequence[0].CodingSchemeDesignator', 'DCM');
    d.set('DeidentificationMethodCodeSequence[0].CodeMeaning', 'LEAK Basic Application Confidentiality Profile by Dr Roe');
  }));
  assert.deepEqual(notBefore.getStrings('DeidentificationMethod'), ours);
  assert.equal(encodeDataset(notBefore, EXPLICIT_VR_LE).toString('latin1').includes('LEAK'), false);

  const twice = deidentified(image((d) => {
    d.set('PatientIdentityRemoved', 'YES');
    d.addElement(new Element(tagOf('DeidentificationMethod')!, 'LO', Buffer.from(`Earlier tool 1.0\\${'LEAK '.repeat(14)} `, 'latin1')));
    d.set('DeidentificationMethodCodeSequence[0].CodeValue', '113100');
    d.set('DeidentificationMethodCodeSequence[0].CodingSchemeDesignator', 'DCM');
    d.set('DeidentificationMethodCodeSequence[0].CodeMeaning', 'Basic Application Confidentiality Profile');
  }));
  assert.deepEqual(twice.getStrings('DeidentificationMethod'), ['Earlier tool 1.0', ...ours]);
  assert.equal(twice.getStrings('DeidentificationMethodCodeSequence[0].CodeValue')[0], '113100');
  assert.deepEqual(twice.getStrings('DeidentificationMethodCodeSequence[1].CodeValue'), ['113100'], 'ours after the earlier one');
});

test('an earlier De-identification Method in ISO 2022 IR 87 is read as its characters: 0x5C inside a two-byte character splits no value', () => {
  const ours = deidentified(image(() => undefined)).getStrings('DeidentificationMethod');
  // 接 is 0x40 0x5C in JIS X 0208: read as bytes, the backslash there cut the value in two.
  const short = '接続ツール';
  const long = `接${'続'.repeat(40)}`;
  for (const [earlier, kept] of [[short, [short]], [long, []], [`${long}\\${short}`, [short]]] as [string, string[]][]) {
    const ds = image((d) => {
      d.set('SpecificCharacterSet', ['', 'ISO 2022 IR 87']);
      d.set('PatientIdentityRemoved', 'YES');
      d.set('DeidentificationMethod', earlier.split('\\'));
    });
    assert.ok(ds.element('DeidentificationMethod')!.value.toString('latin1').includes('@\\'), 'the input holds 0x5C inside a character');
    const out = readDataset(encodeDataset(deidentified(ds), EXPLICIT_VR_LE), EXPLICIT_VR_LE);
    assert.deepEqual(out.getStrings('DeidentificationMethod'), [...kept, ...ours], earlier);
  }
});

test('a TBP block that arrived as UN (an archive on the way did not know it) is kept as what it is: its sequence walked, its values remapped', () => {
  const lesion = new Dataset();
  setTbp(lesion, 'TBPLesionID', 'L01');
  lesion.set('ReferencedImageSequence[0].ReferencedSOPClassUID', DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE);
  lesion.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '2.25.99');
  const ds = deidentified(image((d) => {
    setTbp(d, 'TBPLesionSequence', [lesion]);
    setTbp(d, 'TBPFocalLengthPixels', [2400]);
    privateBlockAsUnknown(d, TBP_GROUP);
  }), ['retainSafePrivate']);
  // Written and read back: a sequence with the VR SQ and the bytes of its Implicit VR items made a file no reader takes.
  const back = readDataset(encodeDataset(ds, EXPLICIT_VR_LE), EXPLICIT_VR_LE);
  assert.equal(back.element(tbpKey('TBPLesionSequence'))?.vr, 'SQ');
  const item = back.items(tbpKey('TBPLesionSequence'))[0]!;
  assert.match(readLesionFacts(item).lesionId ?? '', /^LESION-/);
  assert.match(item.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID') ?? '', /^2\.25\./);
  assert.notEqual(item.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), '2.25.99');
  assert.deepEqual(back.get(tbpKey('TBPFocalLengthPixels')), 2400);
});

test('retain-safe-private keeps the TBP mesh block by default (texture coordinates, seams), without its OBJ group names', () => {
  const ds = deidentified(image((d) => {
    setMeshPrivate(d, 'TBPMeshSourceVertexCount', 3);
    setMeshPrivate(d, 'TBPMeshSeamSources', Buffer.from(Uint32Array.of(1).buffer));
    setMeshPrivate(d, 'TBPMeshObjTextureV', Buffer.from(Float32Array.of(0.25, 0.5, 0.75, 1).buffer));
    setMeshPrivate(d, 'TBPMeshGroupNames', 'Doe John scan');
    setMeshPrivate(d, 'TBPMeshGroupFirstTriangles', Buffer.from(Uint32Array.of(0).buffer));
    setMeshPrivate(d, 'TBPMeshGroupStatements', 'o');
  }), ['retainSafePrivate']);
  assert.equal(ds.getNumber(meshKey('TBPMeshSourceVertexCount')), 3);
  assert.equal(ds.bytes(meshKey('TBPMeshObjTextureV'))?.length, 16);
  assert.equal(ds.bytes(meshKey('TBPMeshSeamSources'))?.length, 4);
  assert.equal(ds.bytes(meshKey('TBPMeshGroupFirstTriangles'))?.length, 4);
  assert.equal(ds.has(meshKey('TBPMeshGroupNames')), false);
  assert.equal(ds.getString(meshKey('TBPMeshGroupStatements')), 'o', 'an object stays an object, unnamed');
});

test('attributes a data set built in memory holds as UN are de-identified in the VRs the dictionary knows: each UID replaced, a sequence walked', () => {
  const ds = image((d) => {
    d.set('ReferencedSOPInstanceUID', '2.25.41');
    d.set('ReferencedImageSequence[0].ReferencedSOPClassUID', DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE);
    d.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '2.25.42');
    d.set('ReferencedImageSequence[1].ReferencedSOPClassUID', DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE);
    d.set('ReferencedImageSequence[1].ReferencedSOPInstanceUID', '2.25.43');
    asUnknown(d, [tagOf('ReferencedSOPInstanceUID')!, tagOf('ReferencedImageSequence')!]);
  });
  deidentified(ds);
  assert.equal(ds.element('ReferencedImageSequence')?.vr, 'SQ');
  const uids = ['ReferencedSOPInstanceUID', 'ReferencedImageSequence[0].ReferencedSOPInstanceUID', 'ReferencedImageSequence[1].ReferencedSOPInstanceUID'].map((p) => ds.getString(p) ?? '');
  for (const uid of uids) assert.match(uid, /^2\.25\.\d+$/);
  assert.equal(new Set([...uids, '2.25.41', '2.25.42', '2.25.43']).size, 6);
  assert.equal(ds.getString('ReferencedImageSequence[1].ReferencedSOPClassUID'), DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE);
});

test('retain-safe-private keeps the TBP block without the capture image id, and treats the processing a device or manifest wrote as Acquisition Device Processing Description: removed, cleaned under Clean Descriptors', () => {
  const capture = (d: Dataset): void => {
    setTbp(d, 'TBPFocalLengthPixels', [2400]);
    setTbp(d, 'TBPCaptureImageID', 'IMG_Doe_John_0001');
    setTbp(d, 'TBPImageProcessing', 'super-res by J. Doe 2024-01-05');
    d.set('AcquisitionDeviceProcessingDescription', 'denoised for J. Doe');
  };
  const kept = deidentified(image(capture), ['retainSafePrivate']);
  assert.deepEqual(kept.get(tbpKey('TBPFocalLengthPixels')), 2400);
  assert.equal(kept.has(tbpKey('TBPCaptureImageID')), false);
  assert.equal(kept.has(tbpKey('TBPImageProcessing')), false);
  const cleaned = deidentified(image(capture), ['retainSafePrivate', 'cleanDescriptors']);
  assert.equal(cleaned.has(tbpKey('TBPCaptureImageID')), false);
  assert.equal(cleaned.getString('AcquisitionDeviceProcessingDescription'), 'CLEANED');
  assert.equal(cleaned.getString(tbpKey('TBPImageProcessing')), 'CLEANED', 'cleaned as the standard descriptor beside it is');
  // The cleanText hook cleans both alike
  const ds = image(capture);
  const outcome = new Deidentifier({ options: ['retainSafePrivate', 'cleanDescriptors'], cleanText: (text) => text.replace(/J\. Doe/g, '[name]') }).deidentify(ds);
  assert.deepEqual(outcome, { written: true });
  assert.equal(ds.getString('AcquisitionDeviceProcessingDescription'), 'denoised for [name]');
  assert.equal(ds.getString(tbpKey('TBPImageProcessing')), 'super-res by [name] 2024-01-05');
});

test('retain-safe-private keeps of a known safe creator only the elements its dictionary describes, in its own group', () => {
  const ds = deidentified(image((d) => {
    setTbp(d, 'TBPFocalLengthPixels', [2400]);
    d.set({ group: TBP_GROUP, creator: 'TBP DICOM 1.0', element: 0xfe }, Buffer.from('Doe John, 1 Main St '));
    d.set({ group: 0x0029, creator: 'TBP DICOM 1.0', element: 0x10 }, Buffer.from('Doe John, 1 Main St '));
  }), ['retainSafePrivate']);
  assert.deepEqual(ds.get(tbpKey('TBPFocalLengthPixels')), 2400);
  assert.equal(ds.has({ group: TBP_GROUP, creator: 'TBP DICOM 1.0', element: 0xfe }), false);
  assert.equal(ds.has({ group: 0x0029, creator: 'TBP DICOM 1.0', element: 0x10 }), false);
  assert.equal(encodeDataset(ds, EXPLICIT_VR_LE).includes('Doe John'), false);
});

test('the birth and death dates in an alternative calendar, which Table E.1-1 does not list, go with the calendar under every option', () => {
  for (const options of [[], ['retainLongitudinalFullDates'], ['retainPatientCharacteristics']] as ProfileOption[][]) {
    const ds = deidentified(image((d) => {
      d.set('PatientBirthDate', '19450101');
      d.set('PatientBirthDateInAlternativeCalendar', '13640217');
      d.set('PatientDeathDateInAlternativeCalendar', '14400101');
      d.set('PatientAlternativeCalendar', 'I');
    }), options);
    for (const keyword of ['PatientBirthDateInAlternativeCalendar', 'PatientDeathDateInAlternativeCalendar', 'PatientAlternativeCalendar']) {
      assert.equal(ds.has(keyword), false, `${keyword} under ${options.join() || 'the Basic Profile'}`);
    }
  }
});

test('an Encrypted Attributes Sequence (the original identity for an earlier recipient) is removed with its content under every option', () => {
  for (const options of [[], ['retainSafePrivate', 'retainUids', 'retainPatientCharacteristics', 'cleanDescriptors']] as ProfileOption[][]) {
    const ds = deidentified(image((d) => {
      d.set('EncryptedAttributesSequence[0].EncryptedContentTransferSyntaxUID', '1.2.840.10008.1.2.1');
      d.set('EncryptedAttributesSequence[0].EncryptedContent', Buffer.from('LEAK-PID1-Doe^John'), 'OB');
      d.set('OriginalAttributesSequence[0].ModifiedAttributesSequence[0].PatientName', 'LEAK^Original');
    }), options);
    assert.equal(ds.has('EncryptedAttributesSequence'), false, options.join() || 'the Basic Profile');
    assert.equal(encodeDataset(ds, EXPLICIT_VR_LE).toString('latin1').includes('LEAK'), false);
  }
});

test('where to fetch the object or what it references from (a repository\'s UID, a WADO URL) is removed, in the data set and in items', () => {
  const ds = deidentified(image((d) => {
    for (const place of ['', 'CurrentRequestedProcedureEvidenceSequence[0].ReferencedSeriesSequence[0].']) {
      d.set(`${place}RetrieveLocationUID`, '1.2.826.0.1.4711');
      d.set(`${place}RetrieveURL`, 'https://pacs.st-mary.example/studies/1.2.826.0.1.4711.9');
    }
  }));
  const bytes = encodeDataset(ds, EXPLICIT_VR_LE).toString('latin1');
  assert.equal(bytes.includes('4711'), false);
});

test('the issuers of the identifiers the profile replaces (namespace, OID, facility) are removed, in the data set and in items', () => {
  const issuers = ['IssuerOfPatientIDQualifiersSequence', 'IssuerOfAccessionNumberSequence', 'OrderPlacerIdentifierSequence', 'OrderFillerIdentifierSequence'];
  const ds = deidentified(image((d) => {
    for (const place of ['', 'ReferencedRequestSequence[0].']) {
      for (const issuer of issuers) {
        d.set(`${place}${issuer}[0].LocalNamespaceEntityID`, 'LEAK St Mary Hospital');
        d.set(`${place}${issuer}[0].UniversalEntityID`, 'LEAK-2.16.840.1.113883.3.4711');
        d.set(`${place}${issuer}[0].UniversalEntityIDType`, 'ISO');
      }
    }
    d.set('IssuerOfPatientIDQualifiersSequence[0].AssigningFacilitySequence[0].LocalNamespaceEntityID', 'LEAK Ward 7');
  }));
  for (const issuer of issuers) assert.equal(ds.has(issuer), false, issuer);
  assert.equal(encodeDataset(ds, EXPLICIT_VR_LE).toString('latin1').includes('LEAK'), false);
});

test('a device\'s own identifiers the table lacks are removed, as its serial number is, and kept under Retain Device Identity', () => {
  const ids: Record<string, string> = {
    'DeviceSequence[0].DeviceID': 'LEAK-ward7-scope',
    SecondaryCaptureDeviceID: 'LEAK-SC-7',
    RadiationMachineName: 'LEAK LINAC',
  };
  const plant = (d: Dataset): void => Object.entries(ids).forEach(([at, value]) => d.set(at, value));
  const basic = deidentified(image(plant));
  assert.equal(encodeDataset(basic, EXPLICIT_VR_LE).toString('latin1').includes('LEAK'), false);
  const kept = deidentified(image(plant), ['retainDeviceIdentity']);
  for (const [at, value] of Object.entries(ids)) assert.equal(kept.getString(at), value, at);
});

test('an image whose pixels a Pixel Data Provider URL references (JPIP) is not written, whatever the flags', () => {
  const ds = image((d) => d.set('PixelDataProviderURL', 'https://pacs.example/jpip?target=2.25.1'));
  const outcome = new Deidentifier({ allowBurnedInAnnotation: true, allowRecognizableVisualFeatures: true }).deidentify(ds);
  assert.equal(outcome.written, false);
  assert.match(outcome.written ? '' : outcome.problems.join(), /Pixel Data Provider URL \(JPIP\)/);
  assert.equal(ds.getString('PatientName'), 'Doe^John', 'left untouched');
});

/** Person names and free text Table E.1-1 has no row for, each holding a marker of its own. */
const BEYOND_TABLE_TEXT = [
  'SecondaryReviewerName', 'EvaluatorName', 'DocumentAuthorTrial', 'CommentsOnTheScheduledProcedureStep',
  'PerformedProcedureTypeDescription', 'ProcedureStepProgressDescription', 'ReasonForCancellation',
  'InstructionPerformanceComment', 'AcquisitionContextDescription', 'InterventionDescription',
  'CommentsOnPatientPerformanceOfVisualField', 'CalculationComment', 'PartialViewDescription', 'FrameOfInterestDescription',
  'FrameLabel', 'FrameLabelVector', 'SegmentDescription', 'SurfaceComments', 'CompletionFlagDescription', 'AssertionComments',
  'SOPAuthorizationComment', 'DoseComment', 'TreatmentStatusComment', 'SetupImageComment',
  'FrameOfReferenceTransformationComment', 'DocumentTitle', 'ContentDescription', 'SegmentLabel', 'TextValue',
  'UnformattedTextValue', 'GraphicGroupLabel', 'GraphicLayerDescription', 'GraphicGroupDescription', 'ContactURI',
  'ContactDisplayName', 'BoardingPassID', 'ItineraryID', 'RecognitionCode', 'HL7InstanceIdentifier', 'ImageID',
  'RetrieveURL', 'RetrieveURI', 'StorageURL', 'SelectorUCValue', 'StorageMediaFileSetID',
  'AssessmentSummaryDescription', 'ObservationDescription', 'TrackSetDescription', 'FiducialDescription',
  'SubstanceAdministrationNotes', 'AssessmentLabel', 'TrackSetLabel', 'BreedRegistrationNumber', 'OwnerID',
  'RTImageLabel', 'RTImageName', 'BeamName', 'BlockName', 'PatientSetupLabel', 'FixationDeviceLabel', 'ShieldingDeviceLabel',
  'SetupDeviceLabel', 'ApplicationSetupName', 'TreatmentToleranceViolationIdentification', 'RTImageDescription',
  'MeasuredDoseDescription', 'OverrideReason', 'CalculatedDoseReferenceDescription', 'SetupDeviceDescription',
  'SetupReferenceDescription', 'TreatmentTerminationDescription',
  'TargetLabel', 'IndicationLabel', 'ProcedureStepLabel', 'WorklistLabel', 'FilmSessionLabel', 'IndicationDescription',
  'ReasonForChannelOmissionDescription', 'ContainerComponentDescription', 'ResourceDescription', 'PTOLocationDescription',
  'AnatomicPerspectiveDescriptionTrial', 'AnatomicLocationOfExaminingInstrumentDescriptionTrial', 'SpecimenDescriptionTrial',
  'IdentificationDescriptionTrial', 'ReportStatusCommentTrial', 'RequestedProcedureDescriptionTrial', 'InstructionText',
  'ReferenceLocationLabel', 'InstructionDescription', 'ReferenceLocationDescription', 'PotentialReasonsForProcedure',
  'ReconstructionDescription', 'ImageFilterDescription', 'FieldOfViewDescription', 'SurfaceProcessingDescription',
  'ASLTechniqueDescription', 'ASLCrusherDescription', 'LensStatusDescription', 'VitreousStatusDescription', 'TickLabel',
];
/** Descriptions and labels of equipment, algorithms and an animal's kind, which say nothing about a patient. */
const KEPT_TEXT = ['DetectorDescription', 'ApplicatorDescription', 'AlgorithmDescription', 'ChannelLabel', 'PatientSpeciesDescription'];
/** Where they are planted: the data set, an item of a sequence the table does not list, and an item inside that one. */
const PLACES = ['', 'WaveformAnnotationSequence[0].', 'SegmentSequence[0].WaveformAnnotationSequence[0].'];

function plantText(ds: Dataset): void {
  for (const place of PLACES) {
    for (const keyword of BEYOND_TABLE_TEXT) ds.set(`${place}${keyword}`, `LEAK${place.length}${keyword}`);
    ds.set(`${place}Manufacturer`, 'KEEP-Maker');
    ds.set(`${place}ManufacturerModelName`, 'KEEP-Model');
    for (const keyword of KEPT_TEXT) ds.set(`${place}${keyword}`, `KEEP-${keyword}`);
    ds.set(`${place}AnatomicRegionSequence[0].CodeMeaning`, 'KEEP-Skin');
  }
  // An overlay without Overlay Data (its bits in Pixel Data, retired): its group stays, so its words must not.
  ds.set('(6002,0010)', 8, 'US');
  ds.set('(6002,0022)', 'LEAK-Overlay Description', 'LO');
  ds.set('(6002,1500)', 'LEAK-Overlay Label', 'LO');
}

test('person names and free text Table E.1-1 does not list are removed, given a dummy or cleaned, at every depth; makers, models, equipment, algorithms and codes are kept', () => {
  for (const options of [[], ['cleanDescriptors'], ['cleanDescriptors', 'cleanGraphics', 'cleanStructuredContent']] as ProfileOption[][]) {
    const ds = deidentified(image(plantText), options);
    const bytes = encodeDataset(ds, EXPLICIT_VR_LE).toString('latin1');
    const under = options.join() || 'the Basic Profile';
    assert.deepEqual(bytes.match(/LEAK[-\w ]*/g), null, under);
    for (const place of PLACES) {
      assert.equal(ds.getString(`${place}Manufacturer`), 'KEEP-Maker', under);
      assert.equal(ds.getString(`${place}ManufacturerModelName`), 'KEEP-Model', under);
      for (const keyword of KEPT_TEXT) assert.equal(ds.getString(`${place}${keyword}`), `KEEP-${keyword}`, `${place}${keyword} under ${under}`);
      assert.equal(ds.getString(`${place}AnatomicRegionSequence[0].CodeMeaning`), 'KEEP-Skin', under);
    }
    assert.equal(ds.getString('(6002,0010)'), '8', under);
  }
});

test('free text beyond the table follows its neighbours: removed, a dummy where a Type 1 label needs one, cleaned under its option', () => {
  const basic = deidentified(image(plantText));
  assert.equal(basic.has('CommentsOnTheScheduledProcedureStep'), false);
  assert.equal(basic.has('SecondaryReviewerName'), false);
  assert.equal(basic.getString('SegmentLabel'), 'ANONYMIZED');
  assert.equal(basic.getString('WaveformAnnotationSequence[0].UnformattedTextValue'), 'ANONYMIZED');
  assert.equal(basic.element('DocumentTitle')?.length, 0, 'X/Z: emptied where the IOD does not say it is Type 3');
  const cleaned = deidentified(image(plantText), ['cleanDescriptors', 'cleanGraphics']);
  assert.equal(cleaned.getString('CommentsOnTheScheduledProcedureStep'), 'CLEANED');
  assert.equal(cleaned.getString('SegmentSequence[0].WaveformAnnotationSequence[0].SurfaceComments'), 'CLEANED');
  assert.equal(cleaned.getString('(6002,1500)'), 'CLEANED');
  assert.equal(cleaned.getString('WaveformAnnotationSequence[0].UnformattedTextValue'), 'CLEANED');
  assert.equal(cleaned.has('ContactDisplayName'), false);
  assert.equal(basic.getString('HL7InstanceIdentifier'), 'ANONYMIZED');
  assert.equal(basic.has('ImageID'), false);
  assert.equal(basic.getString('SelectorUCValue'), 'ANONYMIZED');
  assert.equal(basic.getString('AssessmentLabel'), 'ANONYMIZED');
  assert.equal(basic.getString('BreedRegistrationNumber'), 'ANONYMIZED');
  assert.equal(basic.has('ObservationDescription'), false);
  assert.equal(cleaned.getString('ObservationDescription'), 'CLEANED');
  assert.equal(cleaned.getString('SelectorUCValue'), 'CLEANED');
  // RT: a planner's names and labels get a dummy (Beam Name is Type 1 in an ion beam), descriptions and reasons go
  assert.equal(basic.getString('WaveformAnnotationSequence[0].BeamName'), 'ANONYMIZED');
  assert.equal(basic.getString('FixationDeviceLabel'), 'ANONYMIZED');
  assert.equal(basic.has('SetupReferenceDescription'), false);
  assert.equal(basic.has('WaveformAnnotationSequence[0].OverrideReason'), false);
  assert.equal(cleaned.getString('BeamName'), 'CLEANED');
  assert.equal(cleaned.getString('TreatmentTerminationDescription'), 'CLEANED');
  // Labels a UPS, a biopsy target or a protocol's item needs get a dummy; a film session's (Type 3) goes
  assert.equal(basic.getString('ProcedureStepLabel'), 'ANONYMIZED');
  assert.equal(basic.getString('WaveformAnnotationSequence[0].TargetLabel'), 'ANONYMIZED');
  assert.equal(basic.getString('InstructionText'), 'ANONYMIZED');
  assert.equal(basic.has('FilmSessionLabel'), false);
  assert.equal(basic.has('WaveformAnnotationSequence[0].ReconstructionDescription'), false);
  assert.equal(basic.getString('LensStatusDescription'), 'ANONYMIZED');
  assert.equal(basic.getString('TickLabel'), 'ANONYMIZED');
  assert.equal(cleaned.getString('FilmSessionLabel'), 'CLEANED');
  assert.equal(cleaned.getString('ProcedureStepLabel'), 'CLEANED');
  assert.equal(cleaned.getString('TickLabel'), 'CLEANED');
  const stacked = deidentified(image((d) => d.set('SharedFunctionalGroupsSequence[0].FrameContentSequence[0].StackID', '2')));
  assert.equal(stacked.getString('SharedFunctionalGroupsSequence[0].FrameContentSequence[0].StackID'), '2', 'Stack ID only groups frames');
});

test('under Modified Dates a date value with text after a NUL gets a dummy date: neither the real date nor the text is written', () => {
  const ds = image((d) => {
    d.addElement(new Element(tagOf('StudyDate')!, 'DA', Buffer.from('20200101\0Doe John ', 'latin1')));
    d.set('SeriesDate', ['20200102', '20200103']);
  });
  deidentified(ds, ['retainLongitudinalModifiedDates']);
  const bytes = encodeDataset(ds, EXPLICIT_VR_LE).toString('latin1');
  assert.equal(bytes.includes('Doe John'), false);
  assert.equal(bytes.includes('20200101'), false);
  assert.equal(ds.getString('StudyDate'), '19000101');
  assert.deepEqual(ds.getStrings('SeriesDate').map((d) => d < '20200102'), [true, true], 'shifted, both values');
});

test('File Meta Information elements inside the data set or an item (AE titles, Private Information) are removed', () => {
  const ds = image((d) => {
    d.set('SourceApplicationEntityTitle', 'DOE_WS');
    d.set('WaveformAnnotationSequence[0].SourceApplicationEntityTitle', 'DOE_WS');
    d.set('WaveformAnnotationSequence[0].PrivateInformation', Buffer.from('Doe John'));
    d.set('WaveformAnnotationSequence[0].AnnotationGroupNumber', 1);
  });
  deidentified(ds);
  const bytes = encodeDataset(ds, EXPLICIT_VR_LE).toString('latin1');
  assert.equal(bytes.includes('DOE_WS'), false);
  assert.equal(bytes.includes('Doe John'), false);
  assert.equal(ds.getString('WaveformAnnotationSequence[0].AnnotationGroupNumber'), '1');
});

test('a kept text value ends at its first NUL: what follows one (NUL padding, then any text) is not written', () => {
  const raw = (keyword: string, vr: 'LO' | 'CS' | 'TM', text: string) => new Element(tagOf(keyword)!, vr, Buffer.from(text, 'latin1'));
  for (const options of [[], ['retainLongitudinalModifiedDates']] as ProfileOption[][]) {
    const ds = image((d) => {
      d.addElement(raw('Manufacturer', 'LO', 'ACME\0Doe John '));
      d.addElement(raw('ImageType', 'CS', 'ORIGINAL\0Doe John\\PRIMARY '));
      d.addElement(raw('StudyTime', 'TM', '101010\0Doe John'));
      d.addElement(raw('ManufacturerModelName', 'LO', 'Dermo 2\0\0'));
    });
    deidentified(ds, options);
    assert.equal(encodeDataset(ds, EXPLICIT_VR_LE).toString('latin1').includes('Doe John'), false, options.join());
    assert.equal(ds.getString('Manufacturer'), 'ACME');
    assert.deepEqual(ds.getStrings('ImageType'), ['ORIGINAL', 'PRIMARY']);
    assert.equal(ds.getString('ManufacturerModelName'), 'Dermo 2');
  }
});

test("an inventory's access paths get a dummy URL, its purpose and descriptions go, and its dates and DICONDE's and DICOS's follow the date options", () => {
  const file = 'InventoriedStudiesSequence[0].InventoriedSeriesSequence[0].InventoriedInstancesSequence[0].';
  const uris = ['StoredInstanceBaseURI', `${file}FileSetAccessSequence[0].FolderAccessURI`, `${file}FileAccessSequence[0].FileAccessURI`, `${file}FileAccessSequence[0].FilenameInContainer`];
  const texts = ['InventoryPurpose', 'InventoryInstanceDescription', 'TransactionStatusComment'];
  const inventoryDates = ['ItemInventoryDateTime', 'InventoriedStudiesSequence[0].StudyUpdateDateTime', 'ExpirationDateTime'];
  const otherDates = ['SecondaryReviewDate', 'ExpiryDate', 'DateOfGainCalibration', 'ProcedureCreationDate', 'ProcedureExpirationDate', 'ProcedureLastModifiedDate'];
  const otherTimes = ['SecondaryReviewTime', 'TimeOfGainCalibration', 'RouteSegmentStartTime', 'RouteSegmentEndTime', 'AlarmDecisionTime', 'OOIOwnerCreationTime'];
  const inventory = (): Dataset => {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.201.1');
    ds.set('SOPInstanceUID', '2.25.1');
    for (const at of uris) ds.set(at, 'file:///archive/LEAK-Doe_John/1/2.dcm');
    for (const at of texts) ds.set(at, 'LEAK audit for Doe John');
    for (const at of [...inventoryDates, ...otherTimes.slice(2)]) ds.set(at, '20200115101010');
    for (const at of otherDates) ds.set(at, '20200115');
    for (const at of otherTimes.slice(0, 2)) ds.set(at, '101010');
    return ds;
  };
  const basic = deidentified(inventory());
  assert.equal(encodeDataset(basic, EXPLICIT_VR_LE).toString('latin1').includes('LEAK'), false);
  for (const at of uris) assert.equal(basic.getString(at), 'http://anonymized.invalid', at);
  for (const at of texts) assert.equal(basic.element(at), undefined, at);
  for (const at of inventoryDates) assert.equal(basic.getString(at), '19000101000000', at);
  for (const at of [...otherDates, ...otherTimes]) assert.equal(basic.element(at), undefined, at);
  assert.deepEqual(deidentified(inventory(), ['cleanDescriptors']).getStrings(texts[0]), ['CLEANED']);

  const full = deidentified(inventory(), ['retainLongitudinalFullDates']);
  for (const at of [...inventoryDates, ...otherTimes.slice(2)]) assert.equal(full.getString(at), '20200115101010', at);
  for (const at of otherDates) assert.equal(full.getString(at), '20200115', at);
  const shifted = deidentified(inventory(), ['retainLongitudinalModifiedDates']);
  for (const at of [...inventoryDates, ...otherDates]) assert.doesNotMatch(shifted.getString(at) ?? '', /^2020/, at);
  assert.equal(shifted.getString('SecondaryReviewTime'), '101010', 'a time of day stays');
});

test("Content Label (a presentation state's or segmentation's name for itself, Type 1) gets a dummy, cleaned under Clean Descriptors", () => {
  const labelled = (d: Dataset): void => void d.set('ContentLabel', 'DOE_JOHN_PID1');
  assert.equal(deidentified(image(labelled)).getString('ContentLabel'), 'ANONYMIZED');
  assert.equal(deidentified(image(labelled), ['cleanDescriptors']).getString('ContentLabel'), 'CLEANED');
});

test("graphic layers are renamed LAYER1, LAYER2 … in Graphic Layer Sequence's order, the same wherever one is referred to, under every option", () => {
  const layered = (d: Dataset): void => {
    d.set('GraphicLayerSequence[0].GraphicLayer', 'JDOE LAYER');
    d.set('GraphicLayerSequence[0].GraphicLayerDescription', 'John Doe layer');
    d.set('GraphicLayerSequence[1].GraphicLayer', 'PID1 NOTES');
    ['PID1 NOTES', 'JDOE LAYER', 'PID1 NOTES', 'DR ROE'].forEach((layer, i) => d.set(`GraphicAnnotationSequence[${i}].GraphicLayer`, layer));
    // Activations of an overlay and a curve in the referenced image: the presentation state holds only their layers.
    d.set('(6002,1001)', 'JDOE LAYER', 'CS');
    d.set('(5000,1001)', 'PID1 NOTES', 'CS');
  };
  for (const options of [[], ['cleanGraphics']] as ProfileOption[][]) {
    const ds = deidentified(image(layered), options);
    const under = options.join() || 'the Basic Profile';
    assert.deepEqual(ds.items('GraphicLayerSequence').map((item) => item.getString('GraphicLayer')), ['LAYER1', 'LAYER2'], under);
    // A layer no Graphic Layer Sequence item defines (a broken reference) is no other layer's either.
    assert.deepEqual(ds.items('GraphicAnnotationSequence').map((item) => item.getString('GraphicLayer')), ['LAYER2', 'LAYER1', 'LAYER2', 'LAYER3'], under);
    assert.equal(ds.getString('(6002,1001)'), 'LAYER1', under);
    assert.equal(ds.getString('(5000,1001)'), options.length ? 'LAYER2' : undefined, `${under}: a curve goes whole in the Basic Profile`);
    assert.equal(ds.getString('GraphicLayerSequence[0].GraphicLayerDescription'), options.length ? 'CLEANED' : undefined, under);
    assert.deepEqual(encodeDataset(ds, EXPLICIT_VR_LE).toString('latin1').match(/JDOE|PID1|ROE/g), null, under);
  }
});

test("instance and frame of reference UIDs the table lacks are replaced as the ones it lists, so a reference still names its replaced target (a Referenced Fiducial UID its Fiducial UID); kept under Retain UIDs, a registered palette's kept always", () => {
  const original = '1.2.826.0.1.3680043.10.999.';
  const kept = ['MultiFrameSourceSOPInstanceUID', 'SOPInstanceUIDOfConcatenationSource', 'ReferencedFiducialUID', 'AssertionUID', 'ReferencedAssertionUID',
    'RadiopharmaceuticalAdministrationEventUID', 'VolumetricPresentationInputSetUID', 'ModelGroupUID', 'TargetFrameOfReferenceUID', 'VolumeFrameOfReferenceUID',
    'TableFrameOfReferenceUID', 'EquipmentFrameOfReferenceUID', 'ReferencedColorPaletteInstanceUID'];
  const fill = (ds: Dataset): void => {
    kept.forEach((keyword, i) => ds.set(keyword, `${original}${i}`));
    // The fiducial a Referenced Fiducial UID names, and the source instance a Multi-frame Source SOP Instance UID names.
    ds.set('FiducialSetSequence[0].FiducialSequence[0].FiducialUID', `${original}${kept.indexOf('ReferencedFiducialUID')}`);
    ds.set('SOPInstanceUID', `${original}${kept.indexOf('MultiFrameSourceSOPInstanceUID')}`);
    ds.set('RepositoryUniqueID', '1.2.826.0.1.3680043.10.999.77');
    ds.set('HomeCommunityID', '1.2.826.0.1.3680043.10.999.78');
  };
  const ds = deidentified(image(fill));
  for (const keyword of kept) assert.match(ds.getString(keyword) ?? '', /^2\.25\./, keyword);
  assert.equal(ds.getString('ReferencedFiducialUID'), ds.getString('FiducialSetSequence[0].FiducialSequence[0].FiducialUID'));
  assert.equal(ds.getString('MultiFrameSourceSOPInstanceUID'), ds.getString('SOPInstanceUID'));
  assert.deepEqual([ds.has('RepositoryUniqueID'), ds.has('HomeCommunityID')], [false, false]);
  const retained = deidentified(image(fill), ['retainUids']);
  for (const [i, keyword] of kept.entries()) assert.equal(retained.getString(keyword), `${original}${i}`, keyword);
  // Hot Iron's Color Palette SOP Instance UID (PS3.6 A.5), registered: persistent, as a SOP Class UID is.
  assert.equal(deidentified(image((d) => d.set('ReferencedColorPaletteInstanceUID', '1.2.840.10008.1.5.1'))).getString('ReferencedColorPaletteInstanceUID'), '1.2.840.10008.1.5.1');
});
