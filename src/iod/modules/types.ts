import type { Dataset } from '../../core/dataset.js';

/** PS3.3 attribute types: 1 required with a value, 2 required (may be empty), 3 optional; C = only under a condition. */
export type AttributeType = '1' | '1C' | '2' | '2C' | '3';

/** What a condition can look at: the data set (or sequence item) holding the attribute, and the instance's top level. */
export interface ConditionContext {
  readonly ds: Dataset;
  readonly root: Dataset;
  /** Transfer syntax of the file, when known (some conditions depend on compression). */
  readonly transferSyntaxUid?: string;
  /** Ids of the modules the instance's IOD requires (M, or C with its condition holding), when the IOD is known. */
  readonly requiredModules?: ReadonlySet<string>;
}

/**
 * A condition of a 1C/2C attribute or a C module, as code: true = required, false = not required,
 * undefined = the standard's condition depends on facts not in the data set ("if contrast was used").
 */
export type Condition = (ctx: ConditionContext) => boolean | undefined;

/**
 * Enumerated values must be one of the list; defined terms may be extended, so other values only warrant a warning.
 * A `form` rule takes values that match `pattern` (its `values` say in words what that is).
 */
export interface ValueRule {
  kind: 'enumerated' | 'defined' | 'form';
  values: readonly (string | number)[];
  pattern?: RegExp;
  /** 0-based value position the rule applies to (Image Type value 1 …); every value when absent. */
  index?: number;
  /** Applies only when this holds (e.g. Presentation LUT Shape by Photometric Interpretation). */
  when?: Condition;
  /** What `when` says, for messages: "in a lossy JPEG transfer syntax". */
  whenText?: string;
}

/** One attribute of a module or macro. VR and VM come from the dictionary; `vm` narrows the VM (or item count for SQ). */
export interface AttributeDefinition {
  keyword: string;
  type: AttributeType;
  /** For 1C/2C: when the attribute is required. */
  condition?: Condition;
  /**
   * For 1C/2C: the attribute shall not be present when the condition is false: PS3.5 7.4.3 and 7.4.4 have it so unless
   * the condition says "may be present otherwise", and some say "shall not be present otherwise".
   */
  absentOtherwise?: boolean;
  /**
   * For 1C/2C whose condition says "may be present otherwise only if …" (Pixel Padding Value: only where there are
   * pixels): where the condition does not hold, the attribute may be present only where `when` holds; `text` words it.
   */
  presentOtherwiseOnlyIf?: { when: Condition; text: string };
  values?: readonly ValueRule[];
  /** VM for values ('1', '2-n' …), or allowed item count for sequences ('1', '1-n', '0-1'). */
  vm?: string;
  /** Contents of each item of a sequence. */
  items?: readonly AttributeDefinition[];
  /** A zero value is an error (Rows, Columns, Rescale Slope …). */
  notZero?: boolean;
}

/**
 * A functional group macro of a multi-frame IOD: its sequence sits in the Shared Functional Groups item or in every
 * Per-Frame Functional Groups item, never both.
 */
export interface FunctionalGroupMacro {
  /** The macro's sequence, e.g. PixelMeasuresSequence. */
  sequence: string;
  usage: ModuleUsage;
  condition?: Condition;
  items: readonly AttributeDefinition[];
}

/** A PS3.3 module (or an IOD-specific constraint set) as data. `id` is the module id of ciod_to_modules.json. */
export interface ModuleDefinition {
  id: string;
  name: string;
  /** PS3.3 section the table comes from, for messages and documentation. */
  section: string;
  attributes: readonly AttributeDefinition[];
  /** For multi-frame functional group modules: the macros allowed in the functional group sequences. */
  functionalGroups?: readonly FunctionalGroupMacro[];
}

/** Usage of a module in an IOD: Mandatory, User option, or Conditional. */
export type ModuleUsage = 'M' | 'U' | 'C';
