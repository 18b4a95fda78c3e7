import { and, or, present, undecidable } from './conditions.js';
import { defined, sq, t1, t1c, t2, t2c, t3 } from './define.js';
import { CODE_SEQUENCE, codeSequence } from './macros.js';
import type { ModuleDefinition } from './types.js';

const hasPixels = or(present('PixelData'), present('PixelDataProviderURL'));

export const GENERAL_EQUIPMENT: ModuleDefinition = {
  id: 'general-equipment',
  name: 'General Equipment',
  section: 'C.7.5.1',
  attributes: [
    t2('Manufacturer'),
    t3('InstitutionName'),
    t3('InstitutionAddress'),
    t3('StationName'),
    t3('InstitutionalDepartmentName'),
    codeSequence('InstitutionalDepartmentTypeCodeSequence', '3'),
    t3('ManufacturerModelName'),
    t3('ManufacturerDeviceClassUID'),
    t3('DeviceSerialNumber'),
    t3('SoftwareVersions'),
    t3('GantryID'),
    sq('UDISequence', '3', [t1('UniqueDeviceIdentifier'), t3('DeviceDescription')], { vm: '1-n' }),
    t3('DeviceUID'),
    t3('SpatialResolution'),
    t3('DateOfManufacture'),
    t3('DateOfInstallation'),
    t3('DateOfLastCalibration'),
    t3('TimeOfLastCalibration'),
    // "May be present otherwise only if Pixel Data or Pixel Data Provider URL is present" (C.7.5.1): a mesh or a
    // document has no pixels to pad.
    t1c('PixelPaddingValue', and(present('PixelPaddingRangeLimit'), hasPixels), { presentOtherwiseOnlyIf: { when: hasPixels, text: 'Pixel Data or Pixel Data Provider URL is present' } }),
  ],
};

export const ENHANCED_GENERAL_EQUIPMENT: ModuleDefinition = {
  id: 'enhanced-general-equipment',
  name: 'Enhanced General Equipment',
  section: 'C.7.5.2',
  attributes: [t1('Manufacturer'), t1('ManufacturerModelName'), t1('DeviceSerialNumber'), t1('SoftwareVersions')],
};

/** PS3.3 C.8.6.1; Conversion Type defined terms from C.8.6.1.1. */
export const SC_EQUIPMENT: ModuleDefinition = {
  id: 'sc-equipment',
  name: 'SC Equipment',
  section: 'C.8.6.1',
  attributes: [
    t1('ConversionType', { values: [defined(['DV', 'DI', 'DF', 'WSD', 'SD', 'SI', 'DRW', 'SYN'])] }),
    t3('Modality'),
    t3('SecondaryCaptureDeviceID'),
    t3('SecondaryCaptureDeviceManufacturer'),
    t3('SecondaryCaptureDeviceManufacturerModelName'),
    t3('SecondaryCaptureDeviceSoftwareVersions'),
    t3('VideoImageFormatAcquired'),
    t3('DigitalImageFormatAcquired'),
  ],
};

export const VL_PHOTOGRAPHIC_EQUIPMENT: ModuleDefinition = {
  id: 'vl-photographic-equipment',
  name: 'VL Photographic Equipment',
  section: 'C.8.12.10',
  attributes: [
    t3('CameraOwnerName'),
    t3('LensSpecification', { vm: '4' }),
    t3('LensMake'),
    t3('LensModel'),
    t3('LensSerialNumber'),
  ],
};

/** PS3.3 C.7.6.12 Device module. */
export const DEVICE: ModuleDefinition = {
  id: 'device',
  name: 'Device',
  section: 'C.7.6.12',
  attributes: [
    sq('DeviceSequence', '3', [
      ...CODE_SEQUENCE,
      t3('Manufacturer'),
      t3('ManufacturerModelName'),
      t3('DeviceSerialNumber'),
      t3('DeviceID'),
      t3('DeviceLength'),
      t3('DeviceDiameter'),
      t2c('DeviceDiameterUnits', present('DeviceDiameter')),
      t3('DeviceVolume'),
      t3('InterMarkerDistance'),
      t3('DeviceDescription'),
    ], { vm: '1-n' }),
  ],
};

/** PS3.3 C.7.6.22 Specimen module (identification level; preparation steps are content items checked only for shape). */
export const SPECIMEN: ModuleDefinition = {
  id: 'specimen',
  name: 'Specimen',
  section: 'C.7.6.22',
  attributes: [
    t1('ContainerIdentifier'),
    sq('IssuerOfTheContainerIdentifierSequence', '2', [t3('LocalNamespaceEntityID'), t3('UniversalEntityID'), t3('UniversalEntityIDType')], { vm: '0-1' }),
    sq('AlternateContainerIdentifierSequence', '3', [t1('ContainerIdentifier')], { vm: '1-n' }),
    codeSequence('ContainerTypeCodeSequence', '2', '0-1'),
    t3('ContainerDescription'),
    sq('SpecimenDescriptionSequence', '1', [
      t1('SpecimenIdentifier'),
      sq('IssuerOfTheSpecimenIdentifierSequence', '2', [t3('LocalNamespaceEntityID'), t3('UniversalEntityID'), t3('UniversalEntityIDType')], { vm: '0-1' }),
      t1('SpecimenUID'),
      codeSequence('SpecimenTypeCodeSequence', '3'),
      t3('SpecimenShortDescription'),
      t3('SpecimenDetailedDescription'),
      sq('SpecimenPreparationSequence', '2', [sq('SpecimenPreparationStepContentItemSequence', '1', [t1('ValueType'), codeSequence('ConceptNameCodeSequence', '1')], { vm: '1-n' })], { vm: '0-n' }),
      sq('SpecimenLocalizationContentItemSequence', '1C', [t1('ValueType')], { condition: undecidable }),
    ], { vm: '1-n' }),
  ],
};
