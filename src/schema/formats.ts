/**
 * String and number formats of the Kubernetes schemas, for validators compiled
 * at run time (CRD schemas, and built-in kinds when the prebuilt validators are
 * missing). The prebuilt validators inline the same definitions from
 * scripts/build-validators.mjs (FORMATS_SOURCE); test/schema/formats.test.ts
 * checks the two agree.
 */
export interface FormatDef {
  type: 'string' | 'number';
  validate: (x: any) => boolean;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export const FORMATS: Record<string, FormatDef> = {
  int32: { type: 'number', validate: (x: number) => Number.isInteger(x) && x >= -2147483648 && x <= 2147483647 },
  int64: { type: 'number', validate: (x: number) => Number.isInteger(x) && x >= -9223372036854775808 && x <= 9223372036854775807 },
  // Go's encoding/json decodes []byte with base64.StdEncoding, which skips \r and \n.
  byte: { type: 'string', validate: (s: string) => BASE64.test(s.replace(/[\r\n]/g, '')) },
  // metav1.Time: time.Parse(time.RFC3339, s)
  'date-time': { type: 'string', validate: (s: string) => DATE_TIME.test(s) },
};
