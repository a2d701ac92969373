import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

// Customer.io's own OpenAPI 3.1 file (a copy of shared/specs/customerio-pipelines-openapi.json
// kept beside the fake, so a clone alone can run it) compiled with Ajv's 2020-12 dialect, which
// is the JSON Schema OpenAPI 3.1 uses. Floe's tests check dry-run bodies against it; the
// Customer.io fake checks every call against it too, read with `oneOfAsAnyOf` (see below).

export const CUSTOMERIO_OPENAPI_FILE = path.resolve(__dirname, '../emulators/destinations/customerio/pipelines-openapi.json');

export type CustomerIoPath = '/identify' | '/track' | '/page' | '/screen' | '/group' | '/alias' | '/batch';
export type CustomerIoCallType = 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';

export const CUSTOMERIO_CALL_TYPES: readonly CustomerIoCallType[] = ['identify', 'track', 'page', 'screen', 'group', 'alias'];

export interface CustomerIoSchemaOptions {
  /**
   * Read every `oneOf` in the file as `anyOf`. The file uses oneOf to list alternatives for its
   * documentation (known or anonymous person, mobile or non-mobile context), and the branches
   * overlap: `context: {}` fits both context branches, a group call fits both person branches,
   * a batched track with a userId fits both track branches, so JSON Schema's "exactly one"
   * refuses calls the official SDK sends every day. A failed alternative is then explained by
   * its branch closest to passing. Default false: the file exactly as written.
   */
  oneOfAsAnyOf?: boolean;
}

// Never fetched: only the name Ajv files the document under, so $refs inside it resolve.
const DOC_ID = 'https://floe.invalid/customerio-pipelines-openapi.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Compiled {
  ajv: Ajv2020;
  cache: Map<string, ValidateFunction>;
}

let document: { [key: string]: Json } | null = null;
let loose: { [key: string]: Json } | null = null;
const compiled = new Map<boolean, Compiled>();

function openapi(): { [key: string]: Json } {
  document ??= JSON.parse(readFileSync(CUSTOMERIO_OPENAPI_FILE, 'utf8')) as { [key: string]: Json };
  return document;
}

function looseDocument(): { [key: string]: Json } {
  loose ??= oneOfToAnyOf(openapi()) as { [key: string]: Json };
  return loose;
}

function oneOfToAnyOf(value: Json): Json {
  if (Array.isArray(value)) return value.map(oneOfToAnyOf);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === 'oneOf' ? 'anyOf' : k, oneOfToAnyOf(v)]));
}

function validator(pointer: string, asAnyOf: boolean): ValidateFunction {
  let c = compiled.get(asAnyOf);
  if (!c) {
    // strict: false because the file carries OpenAPI/vendor keywords (example, x-scalar-ignore…)
    // that are not JSON Schema; verbose keeps each failing schema so a oneOf can name its branches.
    const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
    addFormats(ajv);
    const doc = asAnyOf ? looseDocument() : openapi();
    ajv.addSchema({ ...doc, $id: DOC_ID });
    c = { ajv, cache: new Map() };
    compiled.set(asAnyOf, c);
  }
  let fn = c.cache.get(pointer);
  if (!fn) {
    fn = c.ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
    c.cache.set(pointer, fn);
  }
  return fn;
}

/** `/batch/3/traits` → `batch[3].traits`, prefixed by `root` (`body` alone when the path is empty). */
function location(instancePath: string, root: string | null): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = root ?? '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || 'body';
}

/** A branch's title, or that of the schema it refers to. */
function titleOf(branch: { title?: string; $ref?: string } | undefined): string | undefined {
  if (branch?.title) return branch.title;
  const target = branch?.$ref?.startsWith('#/') ? nodeAt(openapi(), branch.$ref.slice(1)) : undefined;
  return target && typeof target === 'object' && !Array.isArray(target) && typeof target.title === 'string' ? target.title : undefined;
}

function describe(e: ErrorObject, root: string | null): string {
  let message = e.message ?? e.keyword;
  const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
  if (e.keyword === 'oneOf' && Array.isArray(passing) && Array.isArray(e.schema)) {
    const branches = e.schema as { title?: string; $ref?: string }[];
    message += `, but it matches ${passing.map((i) => titleOf(branches[i]) ?? `branch ${i}`).join(' and ')}`;
  }
  return `${location(e.instancePath, root)}: ${message}`;
}

function run(pointer: string, value: unknown, asAnyOf: boolean, root: string | null): string[] {
  const fn = validator(pointer, asAnyOf);
  if (fn(value)) return [];
  return [...new Set((fn.errors ?? []).map((e) => describe(e, root)))];
}

function nodeAt(doc: Json, pointer: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, Json>)[key] : undefined;
  }
  return node;
}

/**
 * With oneOf read as anyOf, Ajv explains a failed alternative by every branch (a known person
 * fails for its traits, an anonymous one also for its missing anonymousId, each semantic track
 * event for its name…). This follows the schema down its alternatives and keeps the lines of
 * the branch closest to passing: the one with the fewest.
 */
function explain(pointer: string, value: unknown, root: string | null): string[] {
  const errors = run(pointer, value, true, root);
  if (errors.length === 0) return errors;
  const node = nodeAt(looseDocument(), pointer);
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return errors;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/') && node.anyOf === undefined) return explain(node.$ref.slice(1), value, root);
  if (!Array.isArray(node.anyOf)) return errors;
  const branches = node.anyOf.map((_, i) => explain(`${pointer}/anyOf/${i}`, value, root));
  const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
  // A branch that passes means the node failed for a keyword beside anyOf: say everything.
  return best.length ? best : errors;
}

function requestSchemaPointer(p: CustomerIoPath): string {
  const paths = openapi().paths as Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } } }>;
  const ref = paths[p]?.post?.requestBody?.content?.['application/json']?.schema?.$ref;
  if (!ref?.startsWith('#/')) throw new Error(`the OpenAPI file has no JSON request schema for POST ${p}`);
  return ref.slice(1);
}

/**
 * Checks a request body against the OpenAPI request schema of `path` (as written unless
 * `oneOfAsAnyOf`). Returns one line per problem, `<where>: <what>` with `where` such as
 * `body`, `traits` or `batch[3].timestamp`; an empty array means valid.
 */
export function validateCustomerIoBody(p: CustomerIoPath, body: unknown, options: CustomerIoSchemaOptions = {}): string[] {
  return check(requestSchemaPointer(p), body, options, null);
}

function check(pointer: string, value: unknown, options: CustomerIoSchemaOptions, root: string | null): string[] {
  return options.oneOfAsAnyOf ? explain(pointer, value, root) : run(pointer, value, false, root);
}

/**
 * Checks one item of a `/batch` body against the batch schema's branch for its `type`, so the
 * lines start with `batch[<index>]` and say nothing about the other types. The file's batch
 * has no alias branch; an alias item is checked against the `/alias` schema (the official SDK
 * batches alias calls). An item without a known `type` gets one line saying so.
 */
export function validateCustomerIoBatchItem(item: unknown, index: number, options: CustomerIoSchemaOptions = {}): string[] {
  const root = `batch[${index}]`;
  const type = item && typeof item === 'object' ? (item as { type?: unknown }).type : undefined;
  if (type === 'alias') return check(requestSchemaPointer('/alias'), item, options, root);
  const branch = batchBranches().get(type as string);
  if (branch === undefined) return [`${root}.type: must be one of ${CUSTOMERIO_CALL_TYPES.join(', ')}`];
  return check(`${requestSchemaPointer('/batch')}/properties/batch/items/anyOf/${branch}`, item, options, root);
}

let branches: Map<string, number> | null = null;

/** The batch item schema lists one branch per type, titled Identify, Track…; type → branch index. */
function batchBranches(): Map<string, number> {
  if (branches) return branches;
  const pointer = requestSchemaPointer('/batch').split('/').slice(1);
  let node: unknown = openapi();
  for (const key of [...pointer, 'properties', 'batch', 'items', 'anyOf']) node = (node as Record<string, unknown>)[key];
  branches = new Map((node as { title?: string }[]).map((b, i) => [String(b.title).toLowerCase(), i]));
  return branches;
}
