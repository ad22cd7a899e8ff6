// Tests read JSON answers of many shapes; typing each one would only restate the schemas the
// tests check at run time (openapi.test.ts validates every answer against its declared schema).
declare global {
  interface Response {
    // biome-ignore lint/suspicious/noExplicitAny: test-only convenience, see above
    json(): Promise<any>;
  }
}

export {};
