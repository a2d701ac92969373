import { z } from 'zod';
import type { DataType, DestinationDescriptor, FieldSpec } from './types';
import { EndpointOverride } from './endpoint';

/** CleverTap's regions (destinations.md §3.1): each account lives in one, and only its host knows it. */
export const CLEVERTAP_REGIONS = ['eu1', 'in1', 'sg1', 'us1', 'aps3', 'mec1'] as const;
export type CleverTapRegion = (typeof CLEVERTAP_REGIONS)[number];

/** The regions by their names in CleverTap's dashboard, for people. */
export const CLEVERTAP_REGION_LABELS: Record<CleverTapRegion, string> = {
  eu1: 'Europe (eu1)',
  in1: 'India (in1)',
  sg1: 'Singapore (sg1)',
  us1: 'United States (us1)',
  aps3: 'Indonesia (aps3)',
  mec1: 'Middle East (mec1)',
};

export const CleverTapSettings = z.object({
  /** The project's Account ID (Settings → Project → Project details). Not a secret: it names the project. */
  accountId: z.string().trim().min(1, 'Enter the project’s Account ID.').max(100),
  region: z.enum(CLEVERTAP_REGIONS).default('eu1'),
  /** Another base URL (a proxy, or a local fake): Floe appends /1/upload to it. */
  endpoint: EndpointOverride,
  /**
   * How records name the user (seed 001's identity mapping): `identity` (your email, phone or
   * own id) or `objectId` (the CleverTap ID). Every record carries exactly this one.
   */
  identityField: z.enum(['identity', 'objectId']).default('identity'),
  /** Records per upload: CleverTap takes at most 1000. */
  batchSize: z.number().int().min(1).max(1000).default(500),
  /** Uploads at once: CleverTap allows 15 in flight per account (a 16th is a 429). */
  concurrency: z.number().int().min(1).max(15).default(4),
  timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
  maxAttempts: z.number().int().min(1).max(20).default(9),
});
export type CleverTapSettings = z.infer<typeof CleverTapSettings>;

/** The region's own host: `https://<region>.api.clevertap.com`. */
export const clevertapHost = (region: CleverTapRegion): string => `https://${region}.api.clevertap.com`;

/** The base URL uploads go to (Floe appends /1/upload). */
export function clevertapBase(s: Pick<CleverTapSettings, 'region' | 'endpoint'>): string {
  return (s.endpoint ?? clevertapHost(s.region)).replace(/\/+$/, '');
}

const identity: FieldSpec = {
  target: 'identity',
  summary: 'Your id for the user: an email, a phone number or your own id (up to 120 characters). Used when the destination identifies users by identity.',
  type: 'string',
  preset: true,
  suggest: ['IDENTITY', 'USER_ID', 'USERID', 'CUSTOMER_ID', 'EXTERNAL_ID', 'EMAIL', 'ID'],
};
const objectId: FieldSpec = {
  target: 'objectId',
  summary: 'The CleverTap ID of the user. Used when the destination identifies users by CleverTap ID.',
  type: 'string',
  suggest: ['OBJECT_ID', 'CLEVERTAP_ID', 'CT_ID', 'CT_OBJECT_ID'],
};
const ts = (summary: string, suggest: string[]): FieldSpec => ({ target: 'ts', summary, type: 'timestamp', preset: true, suggest });
const ids = [identity, objectId];
const eitherId = [['identity', 'objectId']] as const;

/** CleverTap's own profile keys (upload-user-profiles-api), checked as it checks them. */
const standard = (key: string, summary: string, type: FieldSpec['type'], suggest: string[], preset = true): FieldSpec => ({
  target: `profileData.${key}`,
  summary,
  type,
  preset,
  suggest,
});

const profiles: DataType = {
  id: 'profiles',
  label: 'User profiles',
  summary: 'Each row creates or updates one user profile; other columns become its custom properties.',
  operations: ['upsert'],
  preset: { rules: [], passThrough: true, passThroughTo: 'profileData' },
  fields: [
    ...ids,
    standard('Name', 'The user’s full name.', 'string', ['NAME', 'FULL_NAME']),
    standard('Email', 'The user’s email address.', 'string', ['EMAIL', 'EMAIL_ADDRESS']),
    standard('Phone', 'The phone number with its country code: +<country code><number>, e.g. +14155550123.', 'string', ['PHONE', 'PHONE_NUMBER', 'MOBILE']),
    standard('Gender', 'M or F (male / female are turned into M / F; other values are refused).', 'string', ['GENDER', 'SEX'], false),
    standard('DOB', 'Date of birth (sent as CleverTap’s "$D_<seconds>" date).', 'timestamp', ['DOB', 'BIRTH_DATE', 'DATE_OF_BIRTH', 'BIRTHDAY']),
    standard('Age', 'Age in years.', 'integer', ['AGE'], false),
    standard('Employed', 'Y or N.', 'string', ['EMPLOYED'], false),
    standard('Education', 'School, College or Graduate.', 'string', ['EDUCATION'], false),
    standard('Married', 'Y or N.', 'string', ['MARRIED'], false),
    standard('Photo', 'A URL of the user’s photo.', 'string', ['PHOTO', 'PHOTO_URL', 'AVATAR_URL'], false),
    standard('tz', 'The user’s time zone, e.g. Europe/Berlin.', 'string', ['TZ', 'TIME_ZONE', 'TIMEZONE'], false),
    standard('MSG-email', 'Whether the user may get emails.', 'boolean', ['MSG_EMAIL', 'EMAIL_OPT_IN'], false),
    standard('MSG-sms', 'Whether the user may get text messages.', 'boolean', ['MSG_SMS', 'SMS_OPT_IN'], false),
    standard('MSG-push', 'Whether the user may get push notifications.', 'boolean', ['MSG_PUSH', 'PUSH_OPT_IN'], false),
    standard('MSG-whatsapp', 'Whether the user may get WhatsApp messages.', 'boolean', ['MSG_WHATSAPP', 'WHATSAPP_OPT_IN'], false),
    { target: 'profileData', summary: 'An object of the profile’s properties (at most 256 custom ones).', type: 'json', suggest: ['PROFILE_DATA', 'ATTRIBUTES', 'PROPERTIES', 'TRAITS'] },
    ts('When the profile was updated (sent as seconds since 1970).', ['UPDATED_AT', 'TS', 'TIMESTAMP']),
  ],
  oneOf: eitherId,
  passThroughTo: ['profileData'],
};

const events: DataType = {
  id: 'events',
  label: 'Events',
  summary: 'Each row becomes one event of a user, carrying Floe’s row key as evtData.floe_id.',
  operations: ['upsert'],
  preset: { rules: [], passThrough: true, passThroughTo: 'evtData' },
  fields: [
    ...ids,
    { target: 'evtName', summary: 'The event’s name.', type: 'string', required: true, preset: true, suggest: ['EVT_NAME', 'EVENT_NAME', 'EVENT', 'EVENT_TYPE', 'NAME', 'ACTION'] },
    { target: 'evtData', summary: 'An object of the event’s properties (at most 100, floe_id among them).', type: 'json', preset: true, suggest: ['EVT_DATA', 'PROPERTIES', 'EVENT_PROPERTIES'] },
    ts('When it happened (sent as seconds since 1970; default: when CleverTap receives it).', ['TS', 'EVENT_TIMESTAMP', 'EVENT_TIME', 'TIMESTAMP', 'OCCURRED_AT', 'CREATED_AT']),
  ],
  oneOf: eitherId,
  passThroughTo: ['evtData'],
};

/** A data type whose new mappings identify users by CleverTap ID (objectId) rather than identity. */
const byObjectId = (type: DataType): DataType => ({
  ...type,
  fields: type.fields.map((f) => (f.target === 'identity' ? { ...f, preset: false } : f.target === 'objectId' ? { ...f, preset: true } : f)),
});

export const clevertap: DestinationDescriptor<CleverTapSettings> = {
  kind: 'clevertap',
  label: 'CleverTap',
  summary: 'User profiles and events in a CleverTap project (Upload API).',
  settings: CleverTapSettings,
  secretFields: () => ['passcode'],
  target: (s) => `${clevertapBase(s)}/1/upload (account ${s.accountId}, ${s.endpoint ? 'custom endpoint' : s.region})`,
  endpoint: (s) => clevertapBase(s),
  // CleverTap counts uploads in flight per account, whichever destination or sync sends them.
  limitScope: (s) => `clevertap ${clevertapBase(s)} ${s.accountId}`,
  dataTypes: [profiles, events],
  dataTypesFor: (s) => (s.identityField === 'objectId' ? [profiles, events].map(byObjectId) : [profiles, events]),
};
