// ua-parser-js 1.x (MIT) ships no types; only the part Parley uses is declared.
declare module "ua-parser-js" {
  type Named = { name?: string; version?: string };
  export class UAParser {
    constructor(userAgent?: string);
    getResult(): { browser: Named; os: Named; device: { vendor?: string; model?: string; type?: string } };
  }
}
