import type { z } from 'zod';
import type { DestinationKind, FieldType, Mapping, SecretField } from '../schemas';

/** What a destination does with a record: create or update it, or delete it. */
export type Operation = 'upsert' | 'delete';

/** A field a data type documents: what it is, how a value is converted, which columns suggest themselves. */
export interface FieldSpec {
  /** Its path in the record, as a mapping rule's target. */
  target: string;
  summary: string;
  type: FieldType;
  /** The row is rejected without it. */
  required?: boolean;
  /** In a new sync's mapping when a column suggests itself (the mandatory fields and the usual ones). */
  preset?: boolean;
  /** Column names that fit this field, best first, compared without case: USER_ID → user_id. */
  suggest: readonly string[];
}

/**
 * One kind of data a destination takes (Amplitude: events, or user properties). A sync chooses
 * one; its mapping starts from the preset, and only the operations listed are ever sent.
 */
export interface DataType {
  /** Stored in the sync and its file as `dataType`. */
  id: string;
  label: string;
  /** One line: what a row becomes at the destination. */
  summary: string;
  operations: readonly Operation[];
  /** The mapping a new sync of this data type starts from when its columns are not known yet. */
  preset: Mapping;
  /** The fields the destination documents, mandatory ones first; a mapping may target others too. */
  fields: readonly FieldSpec[];
  /** Each group needs at least one of its fields in every record (Amplitude: user_id or device_id). */
  oneOf?: readonly (readonly string[])[];
  /**
   * Where columns no rule maps may go, the default first: '' is the record's top level,
   * 'event_properties' an object inside it.
   */
  passThroughTo: readonly string[];
  /** Why a sync of this data type needs a primary key (CluedIn: it is the externalId); unset when it does not. */
  needsPrimaryKey?: string;
}

/**
 * Everything about one destination kind that the app, the CLI and the engine share: its
 * settings schema (non-secret configuration only), which secrets it needs, how it is named and
 * summarised, and the data types it takes. A SaaS destination names its endpoint override
 * setting `endpoint`, so a test or a private region points it elsewhere the same way for all.
 */
export interface DestinationDescriptor<S = unknown> {
  kind: DestinationKind;
  label: string;
  /** One line for the kind picker: what this destination is. */
  summary: string;
  settings: z.ZodType<S, unknown>;
  /**
   * What settings must pass to be saved (create, update, the CLI), when stricter than
   * `settings`, which also reads destinations saved before a check was added: those keep
   * running (HTTP: no credential in a plain header or the URL).
   */
  draftSettings?: z.ZodType<S, unknown>;
  /** Keychain fields this destination needs, given its settings (a token only with bearer auth). */
  secretFields(settings: S): SecretField[];
  /** One line for the destinations list: where this one sends (a URL, a folder). */
  target(settings: S): string;
  /**
   * Stored settings, valid or not, as they may be shown (over IPC, by the CLI): anything secret
   * a setting still holds masked. Unset when no setting can hold a secret.
   */
  shown?(settings: Record<string, unknown>): Record<string, unknown>;
  /** The URL runs connect to, checked for reachability before a scheduled run starts; none for local kinds. */
  endpoint?(settings: S): string;
  /**
   * What the vendor limits requests by, when it is wider than one destination (CleverTap: its
   * account, whichever destination sends to it): runs of destinations with the same scope share
   * one limiter. Without it, a destination's runs share its own.
   */
  limitScope?(settings: S): string;
  /** The first is the default. */
  dataTypes: readonly [DataType, ...DataType[]];
  /**
   * The data types as a destination's settings have them, when settings change which fields a
   * new mapping starts from (CleverTap: the identity field chosen); the same ids as `dataTypes`.
   */
  dataTypesFor?(settings: S): readonly DataType[];
}

/** A record per row, as mapped: HTTP endpoints and files take any fields. */
export const RECORDS: DataType = {
  id: 'records',
  label: 'Records',
  summary: 'Each row becomes one JSON record with the mapped fields.',
  operations: ['upsert', 'delete'],
  preset: { rules: [], passThrough: true },
  fields: [],
  passThroughTo: [''],
};
