/**
 * What Pulumi's schema inference sees of @pulumi/kubernetes (tsconfig.json "paths"): nothing
 * typed. GetSchema builds a TypeScript program from index.ts on every plugin start, before
 * the first Construct, and @pulumi/kubernetes' typings are 10 MB of the 15 MB it would parse,
 * for a component whose args and outputs use none of them (test/plugin/schema.test.ts holds
 * the inferred schema field by field). Without them, the DOM library and the test typings,
 * that program takes about 2.3 s here instead of 7.7 s.
 * Only the schema's program reads this: the plugin loads the real package, and
 * `npm run typecheck` checks the sources against its real typings.
 */
declare const kubernetes: any;
declare namespace kubernetes {
    type Provider = any;
}
export = kubernetes;
