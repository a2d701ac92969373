import { presetFor, suggestedColumns, type DataType, type FieldSpec } from '../../../../shared/destinations';
import type { FieldType, Mapping } from '../../../../shared/schemas';

/** One mapping rule as the editor holds it: a column or a static value, typed as text. */
export interface RuleRow {
  target: string;
  from: 'column' | 'static';
  source: string;
  value: string;
  type: FieldType;
  required: boolean;
}

/**
 * A sync's mapping as the form holds it. `passThroughTo` is where other columns go when
 * `passThrough` is on: '' for the record's top level, else an object such as event_properties.
 */
export interface MappingValues {
  rules: RuleRow[];
  passThrough: boolean;
  passThroughTo: string;
}

export const BLANK_MAPPING: MappingValues = { rules: [], passThrough: true, passThroughTo: '' };

/** Pure: a stored mapping as the form's values. */
export function mappingValues(mapping: Mapping): MappingValues {
  return {
    passThrough: mapping.passThrough,
    passThroughTo: mapping.passThroughTo ?? '',
    rules: mapping.rules.map((r) => ({
      target: r.target,
      from: r.source !== undefined ? 'column' : 'static',
      source: r.source ?? '',
      value: r.value === undefined || r.value === null ? '' : String(r.value),
      type: r.type,
      required: r.required,
    })),
  };
}

/** Pure: the mapping a new sync of this data type starts from, given the query's columns when known. */
export const presetValues = (type: DataType, columns: readonly string[]): MappingValues => mappingValues(presetFor(type, columns));

export const sameMapping = (a: MappingValues, b: MappingValues) =>
  a.passThrough === b.passThrough && a.passThroughTo === b.passThroughTo && JSON.stringify(a.rules) === JSON.stringify(b.rules);

/**
 * Pure: a mapping kept across a change of data type, with its other columns sent where the new
 * type takes them (its default when the old place is not one), or not at all when it takes none.
 */
export function fitPassThrough(type: DataType, m: MappingValues): MappingValues {
  if (type.passThroughTo.includes(m.passThroughTo)) return m;
  const first = type.passThroughTo[0];
  return first === undefined ? { ...m, passThrough: false, passThroughTo: '' } : { ...m, passThroughTo: first };
}

/** Whether the data type sends other columns at the record's top level only, as HTTP and files do: the editor's plain checkbox. */
export const topLevelOnly = (type: DataType | null | undefined) => !type || (type.passThroughTo.length === 1 && type.passThroughTo[0] === '');

/** The "Other columns" choice: where they go, or 'none'. */
export const otherColumnsChoice = (m: Pick<MappingValues, 'passThrough' | 'passThroughTo'>) => (m.passThrough ? m.passThroughTo : 'none');

export const fromOtherColumnsChoice = (choice: string): Pick<MappingValues, 'passThrough' | 'passThroughTo'> =>
  choice === 'none' ? { passThrough: false, passThroughTo: '' } : { passThrough: true, passThroughTo: choice };

/** Something every record of a data type needs: one field, or one of a group (user_id or device_id). */
export interface Requirement {
  fields: readonly string[];
  label: string;
  met: boolean;
}

const mapped = (rules: readonly RuleRow[], target: string) => rules.some((r) => r.target.trim() === target);

/** Pure: the data type's required fields and one-of groups, each with whether a rule maps it. */
export function requirements(type: DataType | null | undefined, rules: readonly RuleRow[]): Requirement[] {
  if (!type) return [];
  const single = type.fields.filter((f) => f.required).map((f) => [f.target] as const);
  return [...single, ...(type.oneOf ?? [])].map((fields) => ({
    fields,
    label: fields.join(' or '),
    met: fields.some((target) => mapped(rules, target)),
  }));
}

/** Pure: how a field is needed, in words for its badge: "Required", "Required unless device_id", or null. */
export function needOf(type: DataType | null | undefined, target: string): string | null {
  if (!type) return null;
  if (type.fields.some((f) => f.target === target && f.required)) return 'Required';
  const others = type.oneOf?.find((g) => g.includes(target))?.filter((t) => t !== target);
  return others?.length ? `Required unless ${others.join(' or ')}` : null;
}

/** Pure: what to tell the user before saving when a requirement is not mapped, or null. */
export function missingRequirement(type: DataType | null | undefined, rules: readonly RuleRow[], destination: string): string | null {
  const missing = requirements(type, rules).filter((r) => !r.met);
  if (!missing.length) return null;
  const what = missing.map((r) => (r.fields.length > 1 && missing.length > 1 ? `(${r.label})` : r.label)).join(' and ');
  return `${destination} needs ${what} in every row: add a field for ${missing.length === 1 ? 'it' : 'each'}, from a column or a static value.`;
}

/** The documented field a target names, if any. */
export const fieldOf = (type: DataType | null | undefined, target: string): FieldSpec | undefined => type?.fields.find((f) => f.target === target.trim());

/** Pure: the documented fields no rule maps yet, in the data type's order, to offer as new rules. */
export const unmappedFields = (type: DataType | null | undefined, rules: readonly RuleRow[]): FieldSpec[] =>
  type ? type.fields.filter((f) => !mapped(rules, f.target)) : [];

/** Pure: a new rule for a documented field: its type, whether it is required, and the column that suggests itself (or the first). */
export function ruleFor(type: DataType, field: FieldSpec, columns: readonly string[]): RuleRow {
  const source = suggestedColumns(type, field.target, columns)[0] ?? columns[0] ?? '';
  return { target: field.target, from: 'column', source, value: '', type: field.type, required: !!field.required };
}

/**
 * Pure: a rule whose target was edited. Naming a documented field gives the rule that field's
 * type and requiredness while the user has not chosen them, and its suggested column while none
 * is chosen; anything else stays as the user set it.
 */
export function retarget(type: DataType | null | undefined, rule: RuleRow, target: string, columns: readonly string[]): RuleRow {
  const next = { ...rule, target };
  const field = fieldOf(type, target);
  if (!type || !field) return next;
  const before = fieldOf(type, rule.target);
  const typeUntouched = rule.type === 'auto' || rule.type === before?.type;
  const requiredUntouched = !rule.required || !!before?.required;
  // A column the user has not picked: none, one the query does not return, or the one the previous target suggested.
  const sourceUntouched = !rule.source || (columns.length > 0 && !columns.includes(rule.source)) || suggestedColumns(type, rule.target, columns)[0] === rule.source;
  const suggested = suggestedColumns(type, field.target, columns)[0];
  return {
    ...next,
    type: typeUntouched ? field.type : rule.type,
    required: requiredUntouched ? !!field.required : rule.required,
    source: rule.from === 'column' && suggested && sourceUntouched ? suggested : rule.source,
  };
}

/** Pure: a column picker's choices for a target: the columns its field suggests, then the others. */
export function columnChoices(type: DataType | null | undefined, target: string, columns: readonly string[]): { suggested: string[]; others: string[] } {
  const suggested = type ? suggestedColumns(type, target.trim(), columns) : [];
  return { suggested, others: columns.filter((c) => !suggested.includes(c)) };
}
