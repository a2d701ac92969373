// Types for the official `clevertap` npm SDK (plain JavaScript, no types of its own): the parts
// the destination-fake tests drive.
declare module 'clevertap' {
  interface UploadOptions {
    debug?: number;
    /** At most 100 (the SDK's cap); records are sent in batches of this size, one after another. */
    batchSize?: number;
    /** Extra request headers; the SDK adds its account, passcode and Content-Type headers to this object. */
    headers?: Record<string, string>;
  }

  interface CleverTapClient {
    /** Resolves with the API's answer, or an array of answers when the data took several batches. */
    upload(data: Record<string, unknown>[], options?: UploadOptions): Promise<unknown>;
    /** The SDK's HTTP layer; `apiEndpoint` is `https://<region>.api.clevertap.com/1`. */
    api: { apiEndpoint: string; accountId: string; accountPasscode: string };
  }

  const CleverTap: {
    init(accountId: string, passcode: string, region?: string): CleverTapClient;
    REGIONS: { EUROPE: 'eu1'; INDIA: 'in1'; SINGAPORE: 'sg1'; US: 'us1'; INDONESIA: 'aps3'; MIDDLEEAST: 'mec1' };
  };
  export default CleverTap;
}
